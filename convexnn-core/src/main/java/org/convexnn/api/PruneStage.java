package org.convexnn.api;

import org.convexnn.network.Pruning;
import org.convexnn.program.ConvexProgram;
import org.convexnn.solver.SolveResult;

/** The optional pruning stage between solve and recovery (spec §3.7). */
final class PruneStage {
    private PruneStage() {
    }

    /** The pruned solve result and the number of non-zero groups before pruning. */
    record Outcome(SolveResult result, int groupsBefore) {
    }

    static Outcome apply(ConvexProgram program, SolveResult r) {
        int groups = program.groups();
        int d = program.d();
        Pruning.Result pr = Pruning.prune(program, r.weights());
        // predictions are unchanged, so the convex objective changes by λ times the change of the group norms
        double before = Pruning.groupNormSum(r.weights(), groups, d);
        double after = Pruning.groupNormSum(pr.weights(), groups, d);
        double objective = r.objective() - program.lambda() * (before - after);
        double violation = program.coneConstrained() ? Pruning.maxConeViolation(program, pr.weights()) : 0.0;
        SolveResult pruned = new SolveResult(r.status(), pr.weights(), r.iterations(), r.seconds(), objective,
                r.lowerBound(), violation, r.solver(), r.dualCandidate());
        return new Outcome(pruned, pr.groupsBefore());
    }
}
