package org.convexnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example compiles as written and runs from the repository root. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("README.md")) ? here : here.getParent();
    }

    @Test
    void theLibraryExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
        int lib = readme.indexOf("## Library");
        int start = readme.indexOf("```java\n", lib) + "```java\n".length();
        String code = readme.substring(start, readme.indexOf("```", start));
        Path src = dir.resolve("Example.java");
        Files.writeString(src, code, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "needs a JDK");
        String cp = System.getProperty("java.class.path");
        int rc = javac.run(null, null, null, "-d", dir.toString(), "-cp", cp, src.toString());
        assertEquals(0, rc, "the README example does not compile");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", dir + File.pathSeparator + cp, "Example")
                .directory(root().toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.strip().lines().toList();
        assertTrue(lines.get(0).startsWith("OPTIMAL"), out);
        assertTrue(lines.get(1).startsWith("training accuracy "), out);
    }
}
