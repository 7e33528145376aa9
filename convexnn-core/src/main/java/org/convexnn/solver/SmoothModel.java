package org.convexnn.solver;

/**
 * The smooth part f of a composite objective {@code f(W) + λ Σ_g ‖W_g‖}, written through a state {@code S = A(W)}
 * that is LINEAR in W (predictions for gated programs, pre-activations for the augmented Lagrangian). Linearity
 * lets FISTA form the state of an extrapolated point as a combination of stored states, so one iteration costs
 * one {@link #state} (forward) and one {@link #gradient} (adjoint) pass.
 */
public interface SmoothModel {
    /** Length of the state vector. */
    int stateSize();

    /** s = A(w). */
    void state(double[] w, double[] s);

    /** f at the point whose state is s. */
    double value(double[] s);

    /** grad = ∇f at the point whose state is s (G x d). */
    void gradient(double[] s, double[] grad);
}
