package org.convexnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.convexnn.settings.SettingException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Common error handling: every command maps failures to exit codes itself, so any CommandLine works. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs the command; returns the exit code. */
    abstract int run() throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (SettingException e) {
            return fail(SettingFlags.message(e), e, Main.BAD_INPUT); // library names -> flags
        } catch (IllegalArgumentException e) {
            // DataFormatException, ModelFormatException, builder validation, UserException
            return fail(e.getMessage(), e, Main.BAD_INPUT);
        } catch (UncheckedIOException e) {
            return fail(ioMessage(e.getCause()), e, Main.BAD_INPUT);
        } catch (IOException e) {
            return fail(ioMessage(e), e, Main.BAD_INPUT);
        } catch (Exception | Error e) {
            return fail("internal error: " + e, e, Main.INTERNAL_ERROR);
        } finally {
            out().flush();
            err().flush();
        }
    }

    private int fail(String message, Throwable e, int code) {
        PrintWriter err = err();
        err.println("error: " + (message == null ? e.toString() : message.replace('\n', ' ')));
        if (code == Main.INTERNAL_ERROR && !debug()) {
            err.println("(set CONVEXNN_DEBUG=1 for the stack trace)");
        }
        if (debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static boolean debug() {
        return "1".equals(System.getenv("CONVEXNN_DEBUG"));
    }

    static String ioMessage(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": " + (n.getReason() != null ? n.getReason() : "no such file");
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
