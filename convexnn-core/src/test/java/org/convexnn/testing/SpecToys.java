package org.convexnn.testing;

/** The spec's toy instances T3, T6 and T7 (features x, targets y), shared by the spec-value tests. */
public final class SpecToys {
    private SpecToys() {
    }

    public static final double[][] T3_X = {{-1, 1}, {0, 1}, {1, 1}};
    public static final double[] T3_Y = {1, 0, 1};
    public static final double[][] T6_X = {{1, 0}, {0, 1}, {1, 1}, {-1, 2}, {2, -1}};
    public static final double[] T6_Y = {1, -1, 2, 0.5, -0.5};
    public static final double[][] T7_X = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {1, 2, -1}, {-1, 3, 2}};
    public static final double[] T7_Y = {1, 2, -1, 0.5, 0, 1};

    /** The features of toy "T3", "T6" or "T7". */
    public static double[][] x(String toy) {
        return switch (toy) {
            case "T3" -> T3_X;
            case "T6" -> T6_X;
            case "T7" -> T7_X;
            default -> throw new IllegalArgumentException("no toy " + toy);
        };
    }

    /** The targets of toy "T3", "T6" or "T7". */
    public static double[] y(String toy) {
        return switch (toy) {
            case "T3" -> T3_Y;
            case "T6" -> T6_Y;
            case "T7" -> T7_Y;
            default -> throw new IllegalArgumentException("no toy " + toy);
        };
    }
}
