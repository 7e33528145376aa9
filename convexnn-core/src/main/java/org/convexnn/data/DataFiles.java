package org.convexnn.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening data files and turning I/O failures into {@link DataFormatException}s that name the file. */
final class DataFiles {
    private DataFiles() {
    }

    /** Opens a UTF-8 text file (malformed input is reported, not replaced). */
    static Reader open(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": is a directory, not a data file");
        }
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(file, -1, e);
        }
    }

    /** Maps an I/O failure while reading file (at the given line, or -1) to a DataFormatException. */
    static DataFormatException failure(Path file, int line, IOException e) {
        String where = line > 0 ? file + ":" + line : file.toString();
        if (e instanceof NoSuchFileException) {
            return new DataFormatException(file + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataFormatException(file + ": cannot read the file (permission denied)", e);
        }
        if (e instanceof CharacterCodingException) {
            return new DataFormatException(where + ": not valid UTF-8 text", e);
        }
        return new DataFormatException(where + ": cannot read the file: " + e.getMessage(), e);
    }
}
