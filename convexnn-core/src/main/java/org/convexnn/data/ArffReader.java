package org.convexnn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convexnn.linalg.Matrix;

/**
 * Reads ARFF files (the attribute-relation format of Weka, in which many UCI sets are distributed) into
 * {@link LabeledTable}s: a header of {@code @relation} and {@code @attribute NAME TYPE} lines, then {@code @data}
 * rows, dense ({@code v1,v2,...}) or sparse ({@code {index value, ...}}, 0-based, absent entries 0). Keywords are
 * case-insensitive, {@code %} starts a comment, names and values may be quoted. Features must be numeric
 * ({@code numeric}, {@code real}, {@code integer}); the target may be numeric or nominal ({@code {a,b,c}}) or a
 * string. Missing values ({@code ?}) and dates are refused. Errors are {@link DataFormatException}s
 * {@code file:line: message}.
 */
public final class ArffReader {
    private ArffReader() {
    }

    /** Whether a file name says ARFF: {@code .arff} or {@code .arff.gz} (any case). */
    public static boolean isArffName(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".arff") || n.endsWith(".arff.gz");
    }

    /** One {@code @attribute}: its name, whether it is numeric, and its line. */
    private record Attribute(String name, boolean numeric, int line) {
    }

    /**
     * Reads a table for training or evaluation.
     *
     * @param target the target attribute's name, or null for the last attribute (the ARFF convention)
     */
    public static LabeledTable read(Path file, String target) {
        return read(file, target, null);
    }

    /**
     * Reads a table for a trained model: the features are the attributes named {@code features}, in that order;
     * the target is read when the file has it.
     */
    public static LabeledTable readFeatures(Path file, List<String> features, String target) {
        return read(file, target, features);
    }

    private static LabeledTable read(Path file, String targetName, List<String> wanted) {
        int lineNo = 0;
        try (BufferedReader in = new BufferedReader(DataFiles.open(file))) {
            List<Attribute> attrs = new ArrayList<>();
            String line;
            boolean data = false;
            while (!data && (line = in.readLine()) != null) {
                lineNo++;
                String t = stripComment(line).strip();
                if (t.isEmpty()) {
                    continue;
                }
                String lower = t.toLowerCase(Locale.ROOT);
                if (lower.startsWith("@relation")) {
                    continue;
                } else if (lower.startsWith("@attribute")) {
                    attrs.add(attribute(file, lineNo, t.substring("@attribute".length()).strip()));
                } else if (lower.startsWith("@data")) {
                    data = true;
                } else {
                    throw fail(file, lineNo, "expected @relation, @attribute or @data, found '" + preview(t) + "'");
                }
            }
            if (!data) {
                throw fail(file, lineNo, "no @data section");
            }
            if (attrs.isEmpty()) {
                throw fail(file, lineNo, "no @attribute before @data");
            }
            int target = targetIndex(file, attrs, targetName, wanted == null);
            int[] featureIdx = featureColumns(file, attrs, target, wanted);
            List<String> names = new ArrayList<>();
            for (int j : featureIdx) {
                names.add(attrs.get(j).name());
            }
            List<double[]> rows = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            while ((line = in.readLine()) != null) {
                lineNo++;
                String t = stripComment(line).strip();
                if (t.isEmpty()) {
                    continue;
                }
                String[] values = t.startsWith("{") ? sparse(file, lineNo, t, attrs) : dense(file, lineNo, t,
                        attrs.size());
                double[] row = new double[featureIdx.length];
                for (int k = 0; k < featureIdx.length; k++) {
                    row[k] = number(file, lineNo, values[featureIdx[k]], attrs.get(featureIdx[k]).name());
                }
                if (target >= 0) {
                    if (values[target].equals("?")) {
                        throw fail(file, lineNo, "missing target value ('?') for '" + attrs.get(target).name() + "'");
                    }
                    targets.add(values[target]);
                }
                rows.add(row);
                lines.add(lineNo);
            }
            if (rows.isEmpty()) {
                throw fail(file, lineNo, "no data rows after @data");
            }
            int[] lineArr = lines.stream().mapToInt(Integer::intValue).toArray();
            return new LabeledTable(file, names, Matrix.of(rows.toArray(new double[0][])),
                    target >= 0 ? attrs.get(target).name() : null,
                    target >= 0 ? targets.toArray(new String[0]) : null, lineArr);
        } catch (IOException e) {
            throw DataFiles.failure(file, lineNo, e);
        }
    }

    private static Attribute attribute(Path file, int line, String rest) {
        String[] nameAndType = nameAndRest(file, line, rest);
        String type = nameAndType[1].strip();
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.equals("numeric") || lower.equals("real") || lower.equals("integer")) {
            return new Attribute(nameAndType[0], true, line);
        }
        if (type.startsWith("{") && type.endsWith("}") || lower.equals("string")) {
            return new Attribute(nameAndType[0], false, line);
        }
        if (lower.startsWith("date") || lower.startsWith("relational")) {
            throw fail(file, line, "attribute '" + nameAndType[0] + "' has type " + type.split("\\s")[0]
                    + ", which convexnn does not read (numeric features, nominal or numeric target)");
        }
        throw fail(file, line, "attribute '" + nameAndType[0] + "' has an unknown type '" + preview(type) + "'");
    }

    /** The attribute name (quoted or not) and the text after it. */
    private static String[] nameAndRest(Path file, int line, String s) {
        if (s.isEmpty()) {
            throw fail(file, line, "@attribute without a name");
        }
        char q = s.charAt(0);
        if (q == '\'' || q == '"') {
            int end = s.indexOf(q, 1);
            if (end < 0) {
                throw fail(file, line, "unterminated quoted attribute name");
            }
            return new String[] {s.substring(1, end), s.substring(end + 1)};
        }
        int sp = 0;
        while (sp < s.length() && !Character.isWhitespace(s.charAt(sp))) {
            sp++;
        }
        if (sp == s.length()) {
            throw fail(file, line, "attribute '" + s + "' has no type");
        }
        return new String[] {s.substring(0, sp), s.substring(sp)};
    }

    private static int targetIndex(Path file, List<Attribute> attrs, String name, boolean required) {
        if (name == null) {
            return required ? attrs.size() - 1 : -1;
        }
        for (int j = 0; j < attrs.size(); j++) {
            if (attrs.get(j).name().equals(name)) {
                return j;
            }
        }
        if (required) {
            List<String> all = new ArrayList<>();
            attrs.forEach(a -> all.add(a.name()));
            throw fail(file, attrs.get(0).line(), "target attribute '" + name + "' is not declared (attributes: "
                    + String.join(", ", all) + ")");
        }
        return -1;
    }

    private static int[] featureColumns(Path file, List<Attribute> attrs, int target, List<String> wanted) {
        List<Integer> cols = new ArrayList<>();
        if (wanted == null) {
            for (int j = 0; j < attrs.size(); j++) {
                if (j != target) {
                    cols.add(j);
                }
            }
        } else {
            for (String w : wanted) {
                int found = -1;
                for (int j = 0; j < attrs.size(); j++) {
                    if (attrs.get(j).name().equals(w)) {
                        found = j;
                    }
                }
                if (found < 0) {
                    throw fail(file, attrs.get(0).line(), "the model's feature '" + w + "' is not an attribute");
                }
                cols.add(found);
            }
        }
        if (cols.isEmpty()) {
            throw fail(file, attrs.get(0).line(), "no feature attributes besides the target");
        }
        for (int j : cols) {
            Attribute a = attrs.get(j);
            if (!a.numeric()) {
                throw fail(file, a.line(), "feature attribute '" + a.name() + "' is not numeric; convexnn reads "
                        + "numeric features only (encode nominal features as numbers, e.g. one-hot)");
            }
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The comma-separated values of a dense row, unquoted. */
    private static String[] dense(Path file, int line, String s, int count) {
        List<String> v = split(file, line, s);
        if (v.size() != count) {
            throw fail(file, line, v.size() + " values, expected " + count + " (one per @attribute)");
        }
        return v.toArray(new String[0]);
    }

    /** A sparse row {@code {i v, ...}}: absent numeric entries are 0, absent nominal ones their first value. */
    private static String[] sparse(Path file, int line, String s, List<Attribute> attrs) {
        if (!s.endsWith("}")) {
            throw fail(file, line, "sparse row without a closing '}'");
        }
        String[] v = new String[attrs.size()];
        java.util.Arrays.fill(v, "0");
        String body = s.substring(1, s.length() - 1).strip();
        if (body.isEmpty()) {
            return v;
        }
        for (String entry : split(file, line, body)) {
            String e = entry.strip();
            int sp = e.indexOf(' ');
            if (sp < 0) {
                throw fail(file, line, "sparse entry '" + preview(e) + "' is not 'index value'");
            }
            int idx;
            try {
                idx = Integer.parseInt(e.substring(0, sp));
            } catch (NumberFormatException ex) {
                throw fail(file, line, "sparse index '" + preview(e.substring(0, sp)) + "' is not an integer");
            }
            if (idx < 0 || idx >= attrs.size()) {
                throw fail(file, line, "sparse index " + idx + " outside 0.." + (attrs.size() - 1));
            }
            v[idx] = unquote(e.substring(sp + 1).strip());
        }
        return v;
    }

    /** Splits on commas outside quotes, unquoting each value. */
    private static List<String> split(Path file, int line, String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == ',') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quote != 0) {
            throw fail(file, line, "unterminated quoted value");
        }
        out.add(cur.toString().strip());
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static double number(Path file, int line, String s, String attribute) {
        if (s.equals("?")) {
            throw fail(file, line, "missing value ('?') for '" + attribute + "'; convexnn needs complete data");
        }
        if (!Numbers.isFinite(s)) {
            throw fail(file, line, "attribute '" + attribute + "': " + Numbers.whyNot(s));
        }
        return Numbers.parse(s);
    }

    private static String stripComment(String line) {
        int pct = line.indexOf('%');
        return pct < 0 ? line : line.substring(0, pct);
    }

    private static String preview(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static DataFormatException fail(Path file, int line, String message) {
        return new DataFormatException(file + ":" + line + ": " + message);
    }
}
