package org.convexnn.cli;

import picocli.CommandLine.Command;

/** {@code convexnn bench}: benchmarks (placeholder). */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Benchmarks.",
        subcommands = {BenchCommand.Kernels.class})
final class BenchCommand extends BaseCommand {
    @Override
    int run() {
        err().println("error: missing bench subcommand (kernels)");
        spec.commandLine().usage(err());
        return Main.BAD_INPUT;
    }

    /** {@code convexnn bench kernels}: not implemented yet. */
    @Command(name = "kernels", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
            description = "Times the linear-algebra kernels (not implemented yet).")
    static final class Kernels extends BaseCommand {
        @Override
        int run() {
            err().println("bench kernels: not implemented yet");
            return Main.INTERNAL_ERROR;
        }
    }
}
