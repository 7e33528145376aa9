package org.convexnn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.convexnn.api.FitFiles;
import org.convexnn.api.FitOptions;
import org.convexnn.api.GrowRound;
import org.convexnn.api.TwoLayerFit;
import org.convexnn.io.SummaryWriter;
import picocli.CommandLine.TypeConversionException;

/** {@code fit --patterns grow[:ROUNDS]} (column generation, spec §11.6): parsing, checks and the round report. */
final class GrowOutput {
    /** Sampled patterns a plain {@code --patterns grow} starts from. */
    static final int GROW_START = 100;

    private GrowOutput() {
    }

    /** ROUNDS of a {@code grow} or {@code grow:ROUNDS} token. */
    static int parseRounds(String whole, String token) {
        if (token.length() == "grow".length()) {
            return FitOptions.DEFAULT_GROW_ROUNDS;
        }
        try {
            int r = Integer.parseInt(token.substring("grow:".length()).trim());
            if (r >= 1) {
                return r;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new TypeConversionException("'" + whole + "': grow:ROUNDS needs a whole number of rounds >= 1");
    }

    static void validate(FitRunner.Request r) {
        if (r.growRounds > 0 && (r.lambdaPath != null || r.cv != null)) {
            throw new UserException("--patterns grow does not apply to --lambda-path/--cv");
        }
    }

    /** The summary JSON, with a {@code rounds} array when the fit was grown. */
    static void writeSummary(TwoLayerFit fit, Path out) throws IOException {
        writeSummary(fit, out, java.util.List.of());
    }

    /** As above, with the fit's warnings ({@code warnings}, an array of strings, empty when none). */
    static void writeSummary(TwoLayerFit fit, Path out, java.util.List<String> warnings) throws IOException {
        ObjectNode o = FitFiles.summaryJson(fit.summary(), fit.settings());
        if (!fit.rounds().isEmpty()) {
            ArrayNode a = o.putArray("rounds");
            for (GrowRound g : fit.rounds()) {
                ObjectNode e = a.addObject();
                e.put("round", g.round());
                e.put("patterns", g.patterns());
                SummaryWriter.putNumber(e, "objective", g.objective());
                SummaryWriter.putNumber(e, "lower_bound", g.lowerBound());
                SummaryWriter.putNumber(e, "relative_gap", g.relativeGap());
                e.put("added", g.added());
                e.put("pool", g.pool());
                e.put("violating", g.violating());
                SummaryWriter.putNumber(e, "max_violation", g.maxViolation());
            }
            GrowRound last = fit.rounds().get(fit.rounds().size() - 1);
            o.put("grow_closed", last.round() > 0 && last.violating() == 0);
        }
        ArrayNode w = o.putArray("warnings");
        warnings.forEach(w::add);
        SummaryWriter.write(o, out);
    }

    /** One stderr line per round, and how the growth ended. */
    static void printRounds(TwoLayerFit fit, PrintWriter err) {
        if (fit.rounds().isEmpty()) {
            return;
        }
        for (GrowRound g : fit.rounds()) {
            err.println(String.format(Locale.ROOT, "grow round %d: patterns %d  objective %.10g  lower bound %.10g"
                    + "  rel gap %.3g  added %d (of %d violating in a pool of %d)", g.round(), g.patterns(),
                    g.objective(), g.lowerBound(), g.relativeGap(), g.added(), g.violating(), g.pool()));
        }
        GrowRound last = fit.rounds().get(fit.rounds().size() - 1);
        if (last.round() > 0 && last.violating() == 0) {
            err.println("grow: no candidate of the last pool violates the dual constraint; the certificate is closed"
                    + " with respect to that pool (not to every pattern)");
        } else {
            err.println("grow: stopped by the round or time budget with violating candidates left");
        }
        err.flush();
    }
}
