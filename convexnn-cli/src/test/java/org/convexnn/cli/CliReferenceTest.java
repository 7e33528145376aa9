package org.convexnn.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md documents every command and every flag (regenerate it with .ci/cli-docs). */
class CliReferenceTest {

    static Path reference() {
        for (Path p : new Path[] {Path.of("..", "docs", "cli.md"), Path.of("docs", "cli.md")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("docs/cli.md not found");
    }

    static void collect(CommandLine cl, String prefix, List<String> missing, String doc) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            String name = (prefix + " " + sub.getCommandName()).strip();
            if (name.endsWith("help")) {
                continue;
            }
            if (sub.getSubcommands().isEmpty() && !doc.contains("## `convexnn " + name + "`")) {
                missing.add("command " + name);
            }
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (!doc.contains(o.longestName())) {
                    missing.add(name + " " + o.longestName());
                }
            }
            collect(sub, name, missing, doc);
        }
    }

    @Test
    void everyCommandAndFlagIsDocumented() throws Exception {
        String doc = Files.readString(reference(), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        collect(new CommandLine(new Main()), "", missing, doc);
        assertTrue(missing.isEmpty(), "docs/cli.md lacks " + missing + "; run .ci/cli-docs");
    }
}
