package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.write;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that fit the spec's toy T6: t6.csv in a fresh directory, and where the fits put the model and summary. */
abstract class T6FitFixture {
    /** T6 (features a, b; target y) as CSV. */
    static final String T6_CSV = "a,b,y\n1,0,1\n0,1,-1\n1,1,2\n-1,2,0.5\n2,-1,-0.5\n";

    @TempDir
    Path dir;
    Path data;
    Path model;
    Path summary;

    @BeforeEach
    void writeT6() throws IOException {
        data = write(dir, "t6.csv", T6_CSV);
        model = dir.resolve("model.json");
        summary = dir.resolve("summary.json");
    }
}
