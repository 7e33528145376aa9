package org.convexnn.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.convexnn.arrangement.GaussianGateSampler;
import org.convexnn.arrangement.PatternSet;
import org.convexnn.data.Dataset;
import org.convexnn.linalg.Matrix;
import org.convexnn.program.ConeProjection;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.GroupNorms;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.program.ProgramBound;
import org.convexnn.settings.SettingException;
import org.convexnn.solver.IterationListener;
import org.convexnn.solver.SolveResult;

/**
 * Column generation over activation patterns (spec §11.6, {@code fit --patterns grow[:ROUNDS]}).
 *
 * <p>Start: the sampled pattern set of the settings, solved as usual. Each round: the scaled loss gradient
 * {@code r = ℓ'(ŷ)/n} at the current solution; a pool of fresh Gaussian gates ({@link #POOL_FACTOR} times the current
 * pattern count, at least {@link #MIN_POOL}, at most {@link #MAX_POOL}; seed {@code seed + round}) plus the directions
 * {@code ±X̄ᵀD̃_b r} of the current groups, whose patterns are not yet in the set; one adjoint pass of the program over the pool gives {@code X̄ᵀ D̃ r} for every candidate group;
 * the dual-constraint value of a candidate is the largest group norm (gated) or, for cone models, cone-projection
 * norm {@code ‖Π_K(±X̄ᵀDr)‖} (projections only for groups whose plain norm exceeds λ, since a projection never
 * increases the norm). Candidates whose value exceeds λ (by more than {@code min(tol, 1e-6)·λ}, the solver's
 * noise) violate the dual constraint: the current solution is not
 * optimal over the enlarged set. The top violators (at most {@link #ADD_FRACTION} of the current count, at least one)
 * are appended, the old weights are remapped to the new group layout as a warm start (first-order solvers use it),
 * and the program is re-solved. The objective never increases (the old point stays feasible; if a re-solve returns
 * a worse point, the remapped old point is kept). Stops when no candidate violates (the certificate is then closed
 * with respect to that pool, not to all patterns), after the round budget, or at the time limit (the whole fit
 * shares {@code timeLimitSeconds}).
 */
final class ColumnGeneration {
    static final int POOL_FACTOR = 10;
    static final int MIN_POOL = 200;
    static final int MAX_POOL = 20000;
    static final double ADD_FRACTION = 0.1;

    private ColumnGeneration() {
    }

    static TwoLayerFit run(TrainerSettings s, IterationListener listener, Dataset data) {
        if (s.exactPatterns() || s.lowRank() > 0) {
            throw new SettingException("growRounds", "{growRounds} starts from sampled patterns; it does not combine"
                    + " with exact or lowrank:K patterns");
        }
        long start = System.nanoTime();
        Prepared p = ProgramBuilder.prepare(s, data);
        SolveResult r = Seeding.solveSeeded(p, listener);
        List<GrowRound> rounds = new ArrayList<>();
        rounds.add(new GrowRound(0, p.program().patterns().size(), r.objective(), r.lowerBound(), r.relativeGap(),
                0, 0, 0, Double.NaN));
        int maxRounds = s.options().growRounds();
        for (int round = 1; round <= maxRounds; round++) {
            if ((System.nanoTime() - start) / 1e9 >= s.timeLimitSeconds() || listener.control().stopRequested()) {
                break;
            }
            ConvexProgram prog = p.program();
            int count = prog.patterns().size();
            Candidates cand = candidates(p, r.weights(), s.seed() + 1_000_003L * round,
                    Math.min(MAX_POOL, Math.max(MIN_POOL, POOL_FACTOR * count)), s.tol());
            if (cand.violators.length == 0) {
                rounds.add(new GrowRound(round, count, r.objective(), r.lowerBound(), r.relativeGap(), 0,
                        cand.poolSize, 0, cand.maxViolation));
                break;
            }
            int add = Math.min(cand.violators.length, Math.max(1, (int) Math.ceil(ADD_FRACTION * count)));
            PatternSet grown = append(prog.patterns(), cand.pool, Arrays.copyOf(cand.violators, add));
            ConvexProgram next = new ConvexProgram(prog.x(), prog.y(), grown, prog.formulation(), prog.activation(),
                    prog.loss(), prog.lambda(), prog.penalized(), prog.outputBias());
            double[] warm = remap(prog, next, r.weights());
            p = p.withProgram(next);
            SolveResult nr = TrainingPipeline.solve(p, s.lambda(), warm, listener);
            if (!(nr.objective() <= r.objective())) {
                // keep the old point (feasible in the grown program, same objective); the new bound still holds
                nr = new SolveResult(nr.status(), warm, nr.iterations(), nr.seconds(), r.objective(),
                        Math.min(nr.lowerBound(), r.objective()), r.maxConeViolation(), nr.solver(),
                        nr.dualCandidate());
            }
            r = nr;
            rounds.add(new GrowRound(round, grown.size(), r.objective(), r.lowerBound(), r.relativeGap(), add,
                    cand.poolSize, cand.violators.length, cand.maxViolation));
        }
        TwoLayerFit fit;
        if (s.options().prune()) {
            PruneStage.Outcome o = PruneStage.apply(p.program(), r);
            fit = FitAssembly.finish(p, s.lambda(), o.result(), o.groupsBefore());
        } else {
            fit = FitAssembly.finish(p, s.lambda(), r);
        }
        return fit.withRounds(rounds);
    }

    /** New pool patterns (not in the current set), and those violating the dual constraint, worst first. */
    record Candidates(PatternSet pool, int poolSize, int[] violators, double maxViolation) {
    }

    static Candidates candidates(Prepared p, double[] w, long seed, int poolCount, double tol) {
        ConvexProgram prog = p.program();
        FeatureOperator op = new MaskedFeatureOperator(prog, p.blas());
        double[] r = ProgramBound.scaledResidual(op, w);
        Matrix gates = withGradientGates(GaussianGateSampler.sample(poolCount, prog.d(), seed), op, r);
        PatternSet sampled = PatternSet.fromGates(prog.x(), gates, p.blas());
        PatternSet merged = prog.patterns().union(sampled);
        int old = prog.patterns().size();
        int fresh = merged.size() - old;
        if (fresh == 0) {
            return new Candidates(null, 0, new int[0], Double.NEGATIVE_INFINITY);
        }
        int[] idx = new int[fresh];
        for (int i = 0; i < fresh; i++) {
            idx[i] = old + i;
        }
        PatternSet pool = subset(merged, idx);
        ConvexProgram cp = new ConvexProgram(prog.x(), prog.y(), pool, prog.formulation(), prog.activation(),
                prog.loss(), prog.lambda(), prog.penalized(), prog.outputBias());
        int d = cp.d();
        int c = cp.outputs();
        double[] g = new double[cp.groups() * d];
        new MaskedFeatureOperator(cp, p.blas()).adjoint(r, g);
        double lambda = prog.lambda();
        ConeProjection cone = cp.coneConstrained() ? new ConeProjection(cp.x()) : null;
        double[] score = new double[fresh];
        Arrays.fill(score, Double.NEGATIVE_INFINITY);
        double[] v = new double[d];
        for (int q = 0; q < cp.groups(); q++) {
            int pat = cp.blockPattern(q / c);
            double plain = GroupNorms.norm(g, q, d, d);
            double value = plain;
            if (cone != null && plain > lambda) {
                System.arraycopy(g, q * d, v, 0, d);
                value = cone.projectionNorm(pool, pat, v);
            }
            score[pat] = Math.max(score[pat], value - lambda);
        }
        double tolerance = Math.max(1e-9, Math.min(tol, 1e-6)) * lambda; // solver noise, not a violation
        List<Integer> viol = new ArrayList<>();
        double maxV = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < fresh; i++) {
            maxV = Math.max(maxV, score[i]);
            if (score[i] > tolerance) {
                viol.add(i);
            }
        }
        viol.sort(Comparator.comparingDouble((Integer i) -> -score[i]));
        return new Candidates(pool, fresh, viol.stream().mapToInt(Integer::intValue).toArray(), maxV);
    }

    /**
     * The Gaussian gates followed by ±X̄ᵀD̃_b r of every current group (the per-pattern dual gradient): the pattern
     * of a direction aligned with the gradient is a likely violator.
     */
    static Matrix withGradientGates(Matrix gaussian, FeatureOperator op, double[] r) {
        ConvexProgram prog = op.program();
        int d = prog.d();
        double[] g = new double[prog.groups() * d];
        op.adjoint(r, g);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < gaussian.rows(); i++) {
            rows.add(gaussian.row(i));
        }
        for (int q = 0; q < prog.groups(); q++) {
            double[] v = Arrays.copyOfRange(g, q * d, (q + 1) * d);
            if (GroupNorms.norm(v, 0, d, d) > 0) {
                rows.add(v);
                double[] m = new double[d];
                for (int j = 0; j < d; j++) {
                    m[j] = -v[j];
                }
                rows.add(m);
            }
        }
        return Matrix.of(rows.toArray(new double[0][]));
    }

    /** The patterns {@code idx} of a set, in that order, with their gates. */
    static PatternSet subset(PatternSet ps, int[] idx) {
        long[][] cols = new long[idx.length][];
        double[][] g = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            cols[i] = ps.columnBits(idx[i]);
            g[i] = ps.gates().row(idx[i]);
        }
        return PatternSet.fromColumns(ps.rows(), cols, Matrix.of(g));
    }

    /** The set followed by the patterns {@code idx} of another set (the old indices stay valid). */
    static PatternSet append(PatternSet base, PatternSet other, int[] idx) {
        int m = base.size();
        long[][] cols = new long[m + idx.length][];
        double[][] g = new double[m + idx.length][];
        for (int i = 0; i < m; i++) {
            cols[i] = base.columnBits(i);
            g[i] = base.gates().row(i);
        }
        for (int i = 0; i < idx.length; i++) {
            cols[m + i] = other.columnBits(idx[i]);
            g[m + i] = other.gates().row(idx[i]);
        }
        return PatternSet.fromColumns(base.rows(), cols, Matrix.of(g));
    }

    /** Old weights in the grown program's layout: group (f·P + p)·c + k → (f·P' + p)·c + k. */
    static double[] remap(ConvexProgram old, ConvexProgram grown, double[] w) {
        int d = old.d();
        int c = old.outputs();
        int p0 = old.patterns().size();
        int p1 = grown.patterns().size();
        double[] out = new double[grown.groups() * d];
        for (int b = 0; b < old.blocks(); b++) {
            int f = b / p0;
            int pat = b % p0;
            for (int k = 0; k < c; k++) {
                System.arraycopy(w, (b * c + k) * d, out, ((f * p1 + pat) * c + k) * d, d);
            }
        }
        return out;
    }
}
