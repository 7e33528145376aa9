package org.convexnn.api;

import java.util.Arrays;
import java.util.Comparator;
import org.convexnn.linalg.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The provable low-rank scheme A of spec §2.5 ({@code --patterns lowrank:K}). The patterns are those of the best
 * rank-K approximation X̄_K of the training-space data X̄ (ones column included), the convex program is solved on
 * X̄_K (exactly, over all its patterns), and the recovered network θ_K is evaluated on the real X̄.
 *
 * <p>Bounds (canonical squared loss, β = nλ; every ratio is the same in the public units). With
 * {@code σ = σ_{K+1}(X̄) = ‖X̄ − X̄_K‖₂} and {@code κ₁ = (1 + σ‖y‖/(2β))²} (‖y‖ over all entries), every θ whose
 * objective on one data matrix is at most ½‖y‖² has at most κ₁ times that objective on the other (ReLU-type
 * activations are 1-Lipschitz). Hence
 * <ul>
 *   <li>{@code p* ≤ J_X(θ_K) ≤ κ₁·J_{X_K}(θ_K) ≤ κ₁²·p*} (up to the solver's gap on X̄_K): the reported
 *       {@code approximation_bound} is {@code κ₁²} (the spec's κ²);</li>
 *   <li>{@code p_K* ≤ J_{X_K}(θ*) ≤ κ₁·p*}, so any certified lower bound lb_K of the X̄_K program gives the
 *       certified lower bound {@code lb_K/κ₁ ≤ p*} for the global optimum on the REAL data; that is the reported
 *       {@code lower_bound}, and the gap is relative to it.</li>
 * </ul>
 * This is the spec's own provable construction; the paper's "zonotope subsampling" scheme is uncertain [U] and not
 * implemented.
 */
final class LowRankScheme {
    private LowRankScheme() {
    }

    /** The approximation and its constants. */
    record Approx(int k, Matrix xk, double sigmaNext, double kappaOne) {
        /** The ratio bound κ₁² reported as approximation_bound. */
        double ratio() {
            return kappaOne * kappaOne;
        }
    }

    static Approx of(Matrix xbar, Matrix y, int k, double lambda) {
        int n = xbar.rows();
        int d = xbar.cols();
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, true, true, true);
        if (!svd.decompose(new DMatrixRMaj(n, d, true, xbar.data().clone()))) {
            throw new IllegalStateException("SVD of the training data failed");
        }
        double[] sv = svd.getSingularValues();
        int ns = svd.numberOfSingularValues();
        DMatrixRMaj u = svd.getU(null, false); // n x ns
        DMatrixRMaj v = svd.getV(null, false); // d x ns
        Integer[] order = new Integer[ns];
        for (int i = 0; i < ns; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -sv[i]));
        int kk = Math.min(k, ns);
        double[] out = new double[n * d];
        for (int t = 0; t < kk; t++) {
            int i = order[t];
            double s = sv[i];
            for (int r = 0; r < n; r++) {
                double ur = s * u.get(r, i);
                for (int c = 0; c < d; c++) {
                    out[r * d + c] += ur * v.get(c, i);
                }
            }
        }
        double sigma = kk < ns ? sv[order[kk]] : 0.0;
        double ynorm = 0;
        for (double t : y.data()) {
            ynorm += t * t;
        }
        ynorm = Math.sqrt(ynorm);
        double beta = n * lambda;
        double base = 1 + sigma * ynorm / (2 * beta);
        return new Approx(k, Matrix.wrap(n, d, out), sigma, base * base);
    }
}
