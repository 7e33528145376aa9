package org.convexnn.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Locating test fixtures and bundled datasets, and checking error messages. */
final class TestFiles {
    private TestFiles() {
    }

    /** A fixture under src/test/resources/data. */
    static Path fixture(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    /** A bundled dataset under datasets/ at the repository root. */
    static Path dataset(String name) {
        for (Path dir : new Path[] {Path.of("..", "datasets"), Path.of("datasets")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("bundled dataset not found: " + name);
    }

    /** Writes text (exactly, as UTF-8) to dir/name. */
    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    /** Asserts a DataFormatException whose message contains each fragment; returns the message. */
    static String fails(Executable action, String... fragments) {
        DataFormatException e = assertThrows(DataFormatException.class, action);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e.getMessage();
    }
}
