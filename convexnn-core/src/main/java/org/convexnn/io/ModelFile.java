package org.convexnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Model files (JSON, format "convexnn-model", version 1; see docs/model-format.md): the entry points of
 * {@link ModelWriter} (atomic writes) and {@link ModelReader} (validating reads that throw
 * {@link ModelFormatException} naming the file and the problem).
 */
public final class ModelFile {
    public static final String FORMAT = "convexnn-model";
    public static final int FORMAT_VERSION = 1;

    private ModelFile() {
    }

    /**
     * Writes a model document atomically.
     * @throws IOException when the file cannot be written (nothing is left behind)
     */
    public static void write(ModelDocument doc, Path out) throws IOException {
        ModelWriter.write(doc, out);
    }

    /**
     * Reads and validates a model file.
     * @throws ModelFormatException naming the file and what is wrong
     * @throws IOException          when the file cannot be read (e.g. it does not exist)
     */
    public static LoadedModel read(Path in) throws IOException {
        return ModelReader.read(in);
    }
}
