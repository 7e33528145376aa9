package org.convexnn.api;

import org.convexnn.certificate.ProgramCertificate;
import org.convexnn.data.Dataset;
import org.convexnn.data.Standardization;
import org.convexnn.data.TargetEncoding;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.NetworkObjective;
import org.convexnn.network.Recovery;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.ConvexProgram;
import org.convexnn.program.FeatureOperator;
import org.convexnn.program.MaskedFeatureOperator;
import org.convexnn.solver.SolveResult;
import org.convexnn.solver.SolveStatus;

/**
 * Result assembly: recovery of the network (spec §3.4), its objective through the true forward pass, the certificate
 * recomputed from the solver's point and candidate (spec §3.6, §10.1), the status rules and the summary.
 */
final class FitAssembly {
    private FitAssembly() {
    }

    /** Recovery (spec §3.4), the objective through the true forward pass, status checks and the summary. */
    static TwoLayerFit finish(Prepared p, double lambda, SolveResult r) {
        return finish(p, lambda, r, null);
    }

    /** {@link #finish(Prepared, double, SolveResult)} of a pruned result, with the non-zero groups before pruning. */
    static TwoLayerFit finish(Prepared p, double lambda, SolveResult r, Integer neuronsBeforePrune) {
        TrainerSettings s = p.settings().lambda() == lambda ? p.settings() : p.settings().withLambda(lambda);
        ConvexProgram program = p.program();
        Dataset data = p.data();
        TargetEncoding enc = data.encoding();
        boolean bias = p.bias();
        TwoLayerNetwork trainNet = p.model().recover(program, r.weights(), bias);
        if (program.outputBias()) {
            trainNet = Recovery.withOptimalOutputBias(trainNet, p.xs(), p.y()); // b₀ optimal for the true forward pass (spec §6 B3)
        }
        boolean biasPenalized = s.bias() == BiasMode.REGULARIZED;
        double objective = NetworkObjective.of(trainNet, p.xs(), p.y(), s.loss(), lambda, biasPenalized);
        ProgramCertificate cert = certify(p, lambda, r);
        LowRankScheme.Approx lowRank = p.lowRank();
        // low-rank scheme: the bound is for the X̄_K program; lb_K/κ₁ bounds the real optimum (spec §2.5)
        double lowerBound = lowRank == null ? cert.lowerBound() : cert.lowerBound() / lowRank.kappaOne();
        double gap = objective - lowerBound;
        double scale = Math.max(1.0, Math.abs(objective));
        SolveStatus status = r.status();
        if (gap < 0) {
            if (gap > -1e-9 * scale) {
                gap = 0.0; // rounding: the bound and the objective agree to machine precision
            } else {
                status = SolveStatus.NUMERICAL_ERROR; // a bound above a feasible objective means something broke
            }
        }
        double rel = gap / scale;
        if (status == SolveStatus.INTERRUPTED && rel <= s.tol()) {
            // stopped, but the certified gap of the point it stopped at meets the tolerance: that is what OPTIMAL means
            status = SolveStatus.OPTIMAL;
        }
        if (status == SolveStatus.OPTIMAL && rel > s.tol()) {
            // the recovered network's true objective did not meet the tolerance (e.g. residual cone violation)
            status = SolveStatus.MAX_ITERATIONS;
        }
        Standardization std = p.std();
        TwoLayerNetwork net = std != null ? Recovery.foldStandardization(trainNet, std.means(), std.scales()) : trainNet;
        Matrix pred = net.predict(data.features());
        String metricName = enc != null && enc.isClassification() ? "accuracy" : "mse";
        double metric = "accuracy".equals(metricName) ? accuracy(enc, pred, data.targets()) : mse(pred, data.targets());
        FitSummary summary = new FitSummary(objective, cert.objective(), lowerBound, gap, rel, status, r.iterations(),
                r.seconds(), program.patterns().size(), net.width(), cert.maxConeViolation(), metric, metricName,
                r.solver(), p.blas().name(), s.exactPatterns(), p.cells(),
                lowRank == null ? null : lowRank.ratio(), neuronsBeforePrune, HeapPeak.peakMb());
        TwoLayerFit fit = new TwoLayerFit(net, summary, s, data.featureNames(), enc, std);
        return fit.withSolverReason(SolverChoice.reasonFor(s, program.withLambda(lambda), p.blas(), r.solver()));
    }

    /**
     * The certificate of a solver's result on the prepared program at λ (spec §3.6, §10.1): recomputed from the
     * returned point and dual candidate, whatever the solver claims.
     */
    static ProgramCertificate certify(Prepared p, double lambda, SolveResult r) {
        ConvexProgram program = lambda == p.program().lambda() ? p.program() : p.program().withLambda(lambda);
        FeatureOperator op = new MaskedFeatureOperator(program, p.blas(),
                FitOptions.zBlockBytes(p.settings().options().effectiveMemoryBudget()));
        return p.model().certify(op, r);
    }

    static double accuracy(TargetEncoding enc, Matrix pred, Matrix targets) {
        int n = pred.rows();
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (enc.predictedClass(pred.row(i)) == enc.predictedClass(targets.row(i))) {
                ok++;
            }
        }
        return (double) ok / n;
    }

    static double mse(Matrix pred, Matrix targets) {
        double s = 0;
        double[] a = pred.data();
        double[] b = targets.data();
        for (int i = 0; i < a.length; i++) {
            double r = a[i] - b[i];
            s += r * r;
        }
        return s / pred.rows();
    }
}
