package org.convexnn.data;

/** What the target column means. */
public enum Task {
    /** Numeric targets, one output. */
    REGRESSION,
    /** Two classes encoded as -1/+1 (sorted label order: first class is -1), one output. */
    BINARY,
    /** k &gt; 2 classes encoded one-hot (0/1), k outputs, one-vs-all. */
    MULTICLASS
}
