package org.convexnn.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records. Handles quoted fields ({@code "a,b"}, {@code ""} for a quote, line breaks
 * inside quotes), {@code \n}, {@code \r\n} and {@code \r} line ends, a leading UTF-8 byte order mark and
 * whitespace around fields (trimmed; kept inside quotes). Blank lines are skipped. Line numbers are 1-based.
 */
final class CsvTokenizer implements AutoCloseable {
    private static final int EOF = -1;

    private final Path file;
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private int line = 1;
    private int recordLine;
    private boolean started;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();

    CsvTokenizer(Path file, Reader in) {
        this.file = file;
        this.in = in;
    }

    /** The 1-based line on which the last record returned by {@link #next()} started. */
    int recordLine() {
        return recordLine;
    }

    /** The next non-blank record, or null at the end of the file. */
    String[] next() {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                pos++;
            }
        }
        while (true) {
            if (peek() == EOF) {
                return null;
            }
            recordLine = line;
            boolean quotedSeen = readRecord();
            if (fields.size() == 1 && !quotedSeen && fields.get(0).isEmpty()) {
                continue;
            }
            return fields.toArray(new String[0]);
        }
    }

    /** Reads one record into {@link #fields}; returns whether any field was quoted. */
    private boolean readRecord() {
        fields.clear();
        boolean anyQuoted = false;
        while (true) {
            field.setLength(0);
            int c = read();
            while (c == ' ' || c == '\t') {
                c = read();
            }
            boolean endOfRecord;
            if (c == '"') {
                anyQuoted = true;
                readQuoted();
                c = read();
                while (c == ' ' || c == '\t') {
                    c = read();
                }
                if (c != ',' && !isLineEnd(c)) {
                    throw new DataFormatException(file + ":" + line + ": unexpected character '" + (char) c
                            + "' after a closing quote (quotes inside a quoted field are written \"\")");
                }
                fields.add(field.toString());
            } else {
                while (c != ',' && !isLineEnd(c)) {
                    field.append((char) c);
                    c = read();
                }
                fields.add(field.toString().trim());
            }
            endOfRecord = c != ',';
            if (endOfRecord) {
                endLine(c);
                return anyQuoted;
            }
        }
    }

    private void readQuoted() {
        int start = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new DataFormatException(file + ":" + start + ": quoted field is not closed before the end of the file");
            }
            if (c == '"') {
                if (peek() == '"') {
                    pos++;
                    field.append('"');
                } else {
                    return;
                }
            } else if (c == '\r' || c == '\n') {
                endLine(c);
                field.append('\n');
            } else {
                field.append((char) c);
            }
        }
    }

    private static boolean isLineEnd(int c) {
        return c == '\n' || c == '\r' || c == EOF;
    }

    /** Consumes the rest of a line end that started with c and counts the line. */
    private void endLine(int c) {
        if (c == EOF) {
            return;
        }
        if (c == '\r' && peek() == '\n') {
            pos++;
        }
        line++;
    }

    private int read() {
        int c = peek();
        if (c != EOF) {
            pos++;
        }
        return c;
    }

    private int peek() {
        if (pos == len) {
            try {
                len = in.read(buf, 0, buf.length);
            } catch (IOException e) {
                throw DataFiles.failure(file, line, e);
            }
            pos = 0;
            if (len <= 0) {
                len = 0;
                return EOF;
            }
        }
        return buf[pos];
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing useful to do: the data has been read
        }
    }
}
