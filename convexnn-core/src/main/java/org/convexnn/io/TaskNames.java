package org.convexnn.io;

import org.convexnn.data.Task;

/** The file names of the tasks: "regression", "binary", "multiclass". */
final class TaskNames {
    private TaskNames() {
    }

    static String name(Task t) {
        return switch (t) {
            case REGRESSION -> "regression";
            case BINARY -> "binary";
            case MULTICLASS -> "multiclass";
        };
    }
}
