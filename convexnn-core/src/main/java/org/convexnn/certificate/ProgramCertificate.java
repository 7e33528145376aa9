package org.convexnn.certificate;

import org.convexnn.program.ConeProjection;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.ProgramBound;
import org.convexnn.solver.SolveResult;

/**
 * The certificate a fit reports (spec §3.6, §10.1), computed from the program and a solver's returned point and dual
 * candidate only, never from the solver's own numbers: the objective at the point, and the larger of the dual bounds
 * of the loss gradient at the point and of the returned candidate, each scaled into the dual-feasible set here. A
 * solver that misreports its bound or status changes nothing in it; a wrong candidate only gives a weaker bound.
 *
 * @param objective        the convex objective at the returned point (spec §1.0)
 * @param lowerBound       the certified lower bound on the program's optimum
 * @param maxConeViolation the point's largest cone violation (0 for gated programs)
 * @param fromCandidate    whether the bound came from the returned candidate (else from the point)
 */
public record ProgramCertificate(double objective, double lowerBound, double maxConeViolation,
                                 boolean fromCandidate) {

    /**
     * Certifies a solver's result on the program of {@code op} (which must be the program the solver solved, at
     * its λ).
     */
    public static ProgramCertificate of(FeatureOperator op, SolveResult r) {
        double[] w = r.weights();
        ConeProjection cone = ProgramBound.cone(op.program());
        ProgramBound.Evaluation point = ProgramBound.atPoint(op, cone, w); // one forward pass: objective and bound
        double atPoint = point.lowerBound();
        double ofCandidate = ProgramBound.lowerBoundOf(op, cone, r.dualCandidate());
        boolean fromCandidate = ofCandidate > atPoint || Double.isNaN(atPoint);
        double lb = fromCandidate ? ofCandidate : atPoint;
        return new ProgramCertificate(point.objective(), lb, ProgramBound.maxConeViolation(op, w), fromCandidate);
    }

    /** (objective − lowerBound) / max(1, |objective|), the rule every stopping test uses. */
    public double relativeGap() {
        return SolveResult.relativeGap(objective, lowerBound);
    }
}
