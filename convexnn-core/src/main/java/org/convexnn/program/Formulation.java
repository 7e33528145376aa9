package org.convexnn.program;

/** Which convex program is built over the pattern set. */
public enum Formulation {
    /** C-GReLU (spec §4): one unconstrained block per pattern and output. */
    GATED,
    /**
     * C-ReLU and its piecewise-linear variants (spec §3.2, §5): two blocks per pattern and output (v with output
     * sign +1, w with −1), each constrained to the pattern's cone {@code (2D − I) X u ≥ 0}.
     */
    CONE_CONSTRAINED
}
