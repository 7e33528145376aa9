package org.convexnn.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.convexnn.io.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code convexnn} command line. Exit codes: 0 success, 2 bad input (data, model file, flags), 1 unexpected
 * internal error (stack trace printed only when the environment variable {@code CONVEXNN_DEBUG=1}).
 */
@Command(name = "convexnn", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        description = "Trains two-layer neural networks to a certified global optimum through convex reformulations.",
        subcommands = {FitCommand.class, PredictCommand.class, EvaluateCommand.class, CertifyCommand.class, CompareCommand.class, ExportCommand.class, DemoCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 2 bad input, 3 inaccurate fit (NUMERICAL_ERROR, or no neurons on data a"
            + " network should fit; the files are still written, see --allow-inaccurate), 130 fit interrupted"
            + " (SIGINT/SIGTERM; outputs written), 1 internal error (set CONVEXNN_DEBUG=1 for a stack trace)."})
public final class Main implements Callable<Integer> {
    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code for an unexpected internal error. */
    public static final int INTERNAL_ERROR = 1;
    /** Exit code for bad input: data, model file or flags. */
    public static final int BAD_INPUT = 2;
    /** Exit code of a fit stopped by SIGINT/SIGTERM (its outputs were written, status INTERRUPTED). */
    public static final int INTERRUPTED = Interrupts.EXIT_CODE;

    /**
     * Exit code for a fit that ran but whose result cannot be trusted: status NUMERICAL_ERROR, or zero neurons on
     * non-trivial data with λ below λ_max. The model and summary are still written (they carry the honest status);
     * {@code --allow-inaccurate} turns it into 0.
     */
    public static final int INACCURATE = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: missing command (fit, predict, evaluate, certify, compare, demo or bench)");
        spec.commandLine().usage(err);
        err.flush();
        return BAD_INPUT;
    }

    /** A command line with one-line error messages for bad flags (exit code 2). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("error: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return BAD_INPUT;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** {@code --version} text. */
    static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"convexnn " + Version.get(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
