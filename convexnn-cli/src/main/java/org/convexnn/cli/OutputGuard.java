package org.convexnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convexnn.io.AtomicFiles;

/**
 * Checks a command's output files before any work: each is writable, none names an input file and no two name the
 * same file. Paths compare by the file a write would replace (symbolic links resolved, see
 * {@link AtomicFiles#resolveTarget}). Failures are {@link UserException}s naming the flags and the user's paths.
 */
final class OutputGuard {
    private record Named(String flag, Path path) {
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();

    OutputGuard input(String flag, Path p) {
        if (p != null) {
            inputs.add(new Named(flag, p));
        }
        return this;
    }

    OutputGuard inputs(String flag, List<Path> ps) {
        if (ps != null) {
            for (Path p : ps) {
                input(flag, p);
            }
        }
        return this;
    }

    OutputGuard output(String flag, Path p) {
        if (p != null) {
            outputs.add(new Named(flag, p));
        }
        return this;
    }

    /** Runs the checks. */
    void check() {
        List<Path> outReal = new ArrayList<>();
        for (Named o : outputs) {
            try {
                AtomicFiles.checkWritableTarget(o.path());
                outReal.add(AtomicFiles.resolveTarget(o.path()));
            } catch (IOException e) {
                String msg = BaseCommand.ioMessage(e);
                String prefix = o.path().toString() + ": ";
                throw new UserException(o.flag() + " " + o.path() + ": "
                        + (msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg));
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            Named o = outputs.get(i);
            for (Named in : inputs) {
                Path inReal;
                try {
                    inReal = AtomicFiles.resolveTarget(in.path());
                } catch (IOException e) {
                    continue; // an unreadable input is reported by its reader
                }
                if (inReal.equals(outReal.get(i))) {
                    throw new UserException(o.flag() + " " + o.path() + " names the same file as " + in.flag() + " "
                            + in.path() + (o.path().equals(in.path()) ? "" : " (" + inReal + ")")
                            + ": writing it would destroy the input; choose another " + o.flag() + " path");
                }
            }
            for (int j = 0; j < i; j++) {
                if (outReal.get(j).equals(outReal.get(i))) {
                    Named p = outputs.get(j);
                    throw new UserException(p.flag() + " " + p.path() + " and " + o.flag() + " " + o.path()
                            + " name the same file" + (p.path().equals(o.path()) ? "" : " (" + outReal.get(i) + ")"));
                }
            }
        }
    }
}
