package org.convexnn.solver;

import java.util.Arrays;
import org.convexnn.program.ConeChecks;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.FreeBiasBound;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;

/**
 * FISTA on a growing working set of patterns, certified on the whole program (spec §3.6, §11.2).
 *
 * <p>At a sparse solution most groups are zero, yet every FISTA iteration pays for all of them. This solver runs
 * {@link FistaSolver} on the sub-program over a working set W of patterns (the warm start's support plus the patterns
 * whose groups' gradient norms come closest to, or above, λ), pads the result with zero groups — the same
 * predictions and objective in the whole program — and certifies it there: one forward and one adjoint pass over all
 * patterns give the dual candidate {@code ℓ'(ŷ)} and its dual-constraint value over <i>every</i> group (max group
 * norm, or the exact cone-projection norm), hence a lower bound valid for the whole program. When the certified
 * relative gap is within the tolerance the result is OPTIMAL; otherwise the patterns whose KKT condition fails
 * outside W are added (W at most doubles each round) and the sub-program is re-solved from the current point with a
 * tighter inner tolerance. During a round the sub-solver also certifies its own candidates on the whole program
 * ({@link EnclosingBound}), so the reported bound moves within rounds and a round ends as soon as the whole program's
 * gap meets the tolerance. Nothing is screened away for good, so the optimum found is the whole program's. When W
 * holds a quarter of the patterns and every pattern outside still violates, the optimum is taken to be dense and the
 * whole program is solved from there.
 *
 * <p>Measured (BENCHMARKS.md): large gains when the optimum is sparse (regularization paths, ReLU programs); when
 * nearly every pattern is active at the optimum the rounds cost some progress at a fixed time (the weights gathered on
 * a few patterns must spread out again).
 *
 * <p>Used for programs without a free bias (output bias or unregularized first-layer bias) and with at least
 * {@link #MIN_PATTERNS} patterns; others go straight to {@link FistaSolver}. {@link FistaSettings#workingSets} false turns it off (for benchmarks).
 */
public final class WorkingSetSolver implements ConvexSolver {
    /** Below this many patterns the whole program is solved directly. */
    static final int MIN_PATTERNS = 64;

    /** After this many rounds the whole program is solved (the working sets are not monotone). */
    static final int MAX_ROUNDS = 40;

    /** Inner tolerance as a fraction of the last certified relative gap of the whole program. */
    static final double INNER_FRACTION = 0.3;

    private final FistaSettings fista;

    /**
     * FISTA on working sets where they apply under these settings, plain FISTA otherwise.
     */
    public WorkingSetSolver(FistaSettings fista) {
        this.fista = java.util.Objects.requireNonNull(fista, "fista settings");
    }

    @Override
    public SolveResult solve(FeatureOperator program, WarmStart warm, SolverSettings settings, IterationListener l) {
        return solve(program, settings, fista, warm.point(), l);
    }

    /** Whether {@link #solve} uses working sets for this program under the default settings. */
    public static boolean applies(ConvexProgram prog) {
        return applies(prog, FistaSettings.DEFAULT);
    }

    /** Whether {@link #solve} uses working sets for this program (otherwise it is plain {@link FistaSolver}). */
    public static boolean applies(ConvexProgram prog, FistaSettings fista) {
        return fista.workingSets() && !FreeBiasBound.needed(prog) && prog.patterns().size() >= MIN_PATTERNS;
    }

    /**
     * @param warmStart G x d starting point of the whole program, or null for zero
     */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, double[] warmStart,
                                    IterationListener listener) {
        return solve(op, settings, FistaSettings.DEFAULT, warmStart, listener);
    }

    /** As above with explicit settings (working sets and whitening). */
    public static SolveResult solve(FeatureOperator op, SolverSettings settings, FistaSettings fista,
                                    double[] warmStart, IterationListener listener) {
        ConvexProgram prog = op.program();
        if (!applies(prog, fista)) {
            return FistaSolver.solve(op, settings, fista, warmStart, listener);
        }
        long start = System.nanoTime();
        long deadline = settings.deadlineNanos(start);
        int p = prog.patterns().size();
        int d = prog.d();
        int groups = prog.groups();
        double lambda = prog.lambda();
        ConeProjection projection = prog.coneConstrained() ? new ConeProjection(prog.x()) : null;

        double[] w = warmStart != null ? warmStart.clone() : new double[groups * d];
        if (projection != null && warmStart != null) {
            w = ConeChecks.projectOntoCones(prog, projection, w);
        }
        double[] grad = new double[groups * d];
        ProgramBound.Evaluation check = ProgramBound.evaluate(op, projection, w, grad);
        double[] score = scores(prog, grad);
        BestBound best = new BestBound(check.lowerBound(), check.candidate());
        double objective = check.objective();
        double[] bestW = w;
        int iterations = 0;
        String inner = "fista";
        SolveStatus status = null;
        boolean[] inSet = new boolean[p];
        int size = nextSize(p, MIN_PATTERNS / 2, support(prog, w, inSet, false));
        double innerTol = Math.max(settings.tol() * 0.5, INNER_FRACTION * SolveResult.relativeGap(objective,
                best.value()));
        // the whitened coordinates depend on the data only: chosen once for the whole program, shared by every round
        Whitening whitening = FistaSolver.whitening(prog, null, op, FistaSolver.whitenChoice(fista));
        long blockBytes = 8L * op.rowBlock() * groups; // the whole program's Z block: sub-operators stay within it
        int rounds = 0;
        while (true) {
            if (SolveResult.relativeGap(objective, best.value()) <= settings.tol()) {
                status = SolveStatus.OPTIMAL;
                break;
            }
            if (settings.stopRequested()) {
                status = SolveStatus.INTERRUPTED;
                break;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                status = SolveStatus.TIME_LIMIT;
                break;
            }
            if (iterations >= settings.maxIterations()) {
                status = SolveStatus.MAX_ITERATIONS;
                break;
            }
            int[] keep = grow(inSet, score, size);
            ConvexProgram sub = prog.withPatterns(keep);
            FeatureOperator subOp = new MaskedFeatureOperator(sub, op.blas(), blockBytes);
            double remaining = deadline == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : (deadline - now) / 1e9;
            SolverSettings ss = new SolverSettings(keep.length == p ? settings.tol() : innerTol,
                    settings.maxIterations() - iterations, remaining,
                    settings.control().mapped(subPoint -> pad(prog, sub, keep, subPoint)));
            int[] rest = complement(p, keep);
            FeatureOperator outOp = rest.length == 0 ? null
                    : new MaskedFeatureOperator(prog.withPatterns(rest), op.blas(), blockBytes);
            EnclosingBound enclosing = new EnclosingBound(prog, outOp, projection, settings.tol(), best);
            int offset = iterations;
            IterationListener relay = info -> {
                double lb = enclosing.lowerBound();
                listener.onIteration(new IterationInfo(offset + info.iteration(), info.objective(), lb,
                        SolveResult.relativeGap(info.objective(), lb), info.violation(), (System.nanoTime() - start) / 1e9));
            };
            SolveResult r = FistaSolver.solve(subOp, ss, restrict(prog, sub, keep, w), relay,
                    whitening == null ? Boolean.FALSE : null, enclosing, whitening);
            best = enclosing.best();
            iterations += r.iterations();
            inner = r.solver();
            if (r.status() == SolveStatus.NUMERICAL_ERROR) {
                status = SolveStatus.NUMERICAL_ERROR;
                break;
            }
            w = pad(prog, sub, keep, r.weights());
            check = ProgramBound.evaluate(op, projection, w, grad);
            score = scores(prog, grad);
            if (check.objective() <= objective || !Double.isFinite(objective)) {
                objective = check.objective();
                bestW = w;
            }
            best.offer(check.lowerBound(), check.candidate());
            if (keep.length == p && Math.min(r.lowerBound(), objective) > best.value()) {
                // the whole program was solved: its own bound is valid for it
                best = new BestBound(Math.min(r.lowerBound(), objective), r.dualCandidate());
            }
            double bestLb = best.value();
            listener.onIteration(new IterationInfo(iterations, objective, bestLb, SolveResult.relativeGap(objective, bestLb), 0.0,
                    (System.nanoTime() - start) / 1e9));
            if (r.status() == SolveStatus.TIME_LIMIT || r.status() == SolveStatus.MAX_ITERATIONS
                    || r.status() == SolveStatus.INTERRUPTED) {
                status = SolveResult.relativeGap(objective, bestLb) <= settings.tol() ? SolveStatus.OPTIMAL : r.status();
                break;
            }
            // next W: the support and the best-ranked others, twice the support's size; while violators remain
            // outside W the inner solves stay loose, once none do the sub-program is solved to the tolerance
            int violators = violatorsOutside(inSet, score, lambda); // inSet is still W here
            int supp = support(prog, w, inSet, true);
            double floor = settings.tol() * 0.5;
            if (++rounds >= MAX_ROUNDS) {
                size = p; // a safeguard against cycling working sets
            } else if (violators > 0 && violators == p - keep.length && 4 * keep.length >= p) {
                size = p; // W holds a quarter of the patterns and every other one still violates: dense, solve it all
            } else if (violators > 0) {
                size = nextSize(p, keep.length, supp);
                innerTol = Math.max(floor, Math.min(innerTol, INNER_FRACTION * SolveResult.relativeGap(objective, bestLb)));
            } else if (innerTol > floor) {
                size = nextSize(p, MIN_PATTERNS / 2, supp);
                innerTol = floor;
            } else {
                // W held every violator and its sub-program was solved to half the tolerance, yet the whole gap is
                // open (the padded point's dual candidate is weaker than the sub-solver's best): solve it all
                size = p;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double violation = projection != null ? ConeChecks.maxViolation(op, bestW) : 0.0;
        return new SolveResult(status, bestW, iterations, seconds, objective, best.value(), violation, inner + "+ws",
                best.candidate());
    }

    /** Twice the support, at least {@code least}, at most p. */
    static int nextSize(int p, int least, int support) {
        return Math.min(p, Math.max(least, 2 * support));
    }

    /** Marks the patterns with a non-zero group in w (after clearing the marks when {@code reset}); returns their number. */
    private static int support(ConvexProgram prog, double[] w, boolean[] inSet, boolean reset) {
        if (reset) {
            Arrays.fill(inSet, false);
        }
        int d = prog.d();
        int c = prog.outputs();
        int count = 0;
        boolean[] seen = new boolean[inSet.length];
        for (int g = 0; g < prog.groups(); g++) {
            int q = prog.blockPattern(g / c);
            if (!seen[q] && GroupNorms.norm(w, g, d, d) > 0) {
                seen[q] = true;
                count++;
            }
        }
        for (int q = 0; q < inSet.length; q++) {
            inSet[q] |= seen[q];
        }
        return count;
    }

    /** Per pattern, the largest gradient norm over its groups (an upper bound on its KKT violation measure). */
    private static double[] scores(ConvexProgram prog, double[] grad) {
        int d = prog.d();
        int c = prog.outputs();
        double[] score = new double[prog.patterns().size()];
        for (int g = 0; g < prog.groups(); g++) {
            int q = prog.blockPattern(g / c);
            score[q] = Math.max(score[q], GroupNorms.norm(grad, g, d, d));
        }
        return score;
    }

    private static int violatorsOutside(boolean[] inSet, double[] score, double lambda) {
        int v = 0;
        for (int q = 0; q < score.length; q++) {
            if (!inSet[q] && score[q] > lambda) {
                v++;
            }
        }
        return v;
    }

    /** The working set: every pattern already in it, then the best-scoring others until it has {@code size}. */
    private static int[] grow(boolean[] inSet, double[] score, int size) {
        int p = score.length;
        Integer[] order = new Integer[p];
        for (int q = 0; q < p; q++) {
            order[q] = q;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        int have = 0;
        for (boolean b : inSet) {
            have += b ? 1 : 0;
        }
        for (int k = 0; k < p && have < size; k++) {
            if (!inSet[order[k]]) {
                inSet[order[k]] = true;
                have++;
            }
        }
        int[] keep = new int[have];
        int j = 0;
        for (int q = 0; q < p; q++) {
            if (inSet[q]) {
                keep[j++] = q;
            }
        }
        return keep;
    }

    /** The patterns of [0, p) not in keep (sorted). */
    private static int[] complement(int p, int[] keep) {
        boolean[] in = new boolean[p];
        for (int q : keep) {
            in[q] = true;
        }
        int[] out = new int[p - keep.length];
        int j = 0;
        for (int q = 0; q < p; q++) {
            if (!in[q]) {
                out[j++] = q;
            }
        }
        return out;
    }

    /** The whole program's block of the sub-program's block j. */
    private static int fullBlock(ConvexProgram prog, int[] keep, int j) {
        int m = keep.length;
        return j < m ? keep[j] : prog.patterns().size() + keep[j - m];
    }

    private static double[] restrict(ConvexProgram prog, ConvexProgram sub, int[] keep, double[] w) {
        int d = prog.d();
        int c = prog.outputs();
        double[] out = new double[sub.groups() * d];
        for (int j = 0; j < sub.blocks(); j++) {
            System.arraycopy(w, fullBlock(prog, keep, j) * c * d, out, j * c * d, c * d);
        }
        return out;
    }

    private static double[] pad(ConvexProgram prog, ConvexProgram sub, int[] keep, double[] ws) {
        int d = prog.d();
        int c = prog.outputs();
        double[] out = new double[prog.groups() * d];
        for (int j = 0; j < sub.blocks(); j++) {
            System.arraycopy(ws, j * c * d, out, fullBlock(prog, keep, j) * c * d, c * d);
        }
        return out;
    }
}
