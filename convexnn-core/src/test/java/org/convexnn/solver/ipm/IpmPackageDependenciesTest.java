package org.convexnn.solver.ipm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The interior-point package depends on the JDK, EJML and org.convexnn.linalg only (no package cycle). */
class IpmPackageDependenciesTest {

    @Test
    void importsOnlyTheJdkEjmlAndLinalg() throws IOException {
        Path dir = Path.of("src/main/java/org/convexnn/solver/ipm");
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath().toString());
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path f : paths.filter(x -> x.toString().endsWith(".java")).toList()) {
                files++;
                for (String line : Files.readAllLines(f)) {
                    String t = line.strip();
                    boolean allowed = t.startsWith("import java.") || t.startsWith("import org.ejml.")
                            || t.startsWith("import org.convexnn.linalg.");
                    if (t.startsWith("import ") && !allowed
                            || t.matches(".*\\borg\\.convexnn\\.(?!linalg\\b|solver\\.ipm\\b)\\w+.*")) {
                        offending.add(f.getFileName() + ": " + t);
                    }
                }
            }
        }
        assertTrue(files >= 10, "sources found: " + files);
        assertEquals(List.of(), offending);
    }
}
