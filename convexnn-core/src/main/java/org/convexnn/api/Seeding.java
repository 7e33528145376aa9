package org.convexnn.api;

import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveResult;

/**
 * Seeding a solve (spec §3.5, §10.2 (iii)): the convex images of seed networks (`--patterns-from`, `sgd:EPOCHS`),
 * the best of them as the solver's start, and keeping the better of the solver's point and the seed.
 */
final class Seeding {
    private Seeding() {
    }

    /** A feasible point of the program and its convex objective. */
    record SeedPoint(double[] weights, double objective) {
    }

    /**
     * The best convex image (spec §3.5) of the prepared seed networks in the program, or null when there is none
     * (no seed networks, or none with an image: an output bias, another activation). The image is feasible and, for a
     * scalar output, its objective is at most the network's J(θ).
     */
    static SeedPoint seedPoint(Prepared p, ConvexProgram program) {
        if (p.seeds().isEmpty()) {
            return null; // the common case: no operator (and no Z buffer) to build
        }
        SeedPoint best = null;
        FeatureOperator op = new MaskedFeatureOperator(program, p.blas());
        for (TwoLayerNetwork net : p.seeds()) {
            double[] w;
            try {
                w = p.model().reverse(program, net, p.bias());
            } catch (IllegalArgumentException e) {
                continue; // no image in this program (e.g. an output bias the program does not model)
            }
            double obj = ProgramBound.objective(op, w);
            if (Double.isFinite(obj) && (best == null || obj < best.objective())) {
                best = new SeedPoint(w, obj);
            }
        }
        return best;
    }

    /**
     * Solves at the settings' λ from the best seed point (spec §10.2 (iii)): first-order solvers start there, and
     * whatever the solver returns, the fit keeps the better of its point and the seed, so a fit with
     * {@code --patterns-from} or {@code sgd:EPOCHS} never ends above the seed network's objective. The solver's lower
     * bound stays valid (it bounds the program's optimum, whatever the point).
     */
    static SolveResult solveSeeded(Prepared p, IterationListener listener) {
        SeedPoint seed = seedPoint(p, p.program());
        double[] start = seed == null ? null : seed.weights();
        double[] resume = listener.control().resumePoint();
        if (resume != null) {
            // a checkpoint's point (--resume): a warm start on the same program, checked against its shape here
            int expected = p.program().groups() * p.program().d();
            if (resume.length != expected) {
                throw new org.convexnn.settings.SettingException("resume", "the checkpoint's point has "
                        + resume.length + " values, but this program has " + p.program().groups() + " x "
                        + p.program().d() + " = " + expected + " (other data, patterns or settings)");
            }
            start = resume;
        }
        SolveResult r = TrainingPipeline.solve(p, p.settings().lambda(), start, listener);
        if (r.status() == org.convexnn.solver.SolveStatus.INTERRUPTED) {
            listener.control().checkpointNow(r.weights()); // the point it stopped at: --resume continues from there
        }
        return keepBetter(p, r, seed);
    }

    /** r, or the seed point (with r's bound) when the seed's objective is lower. */
    static SolveResult keepBetter(Prepared p, SolveResult r, SeedPoint seed) {
        if (seed == null || !(seed.objective() < r.objective()) && Double.isFinite(r.objective())) {
            return r;
        }
        FeatureOperator op = new MaskedFeatureOperator(p.program(), p.blas());
        return new SolveResult(r.status(), seed.weights(), r.iterations(), r.seconds(), seed.objective(),
                Math.min(r.lowerBound(), seed.objective()), ProgramBound.maxConeViolation(op, seed.weights()),
                r.solver() + "+seed", r.dualCandidate());
    }
}
