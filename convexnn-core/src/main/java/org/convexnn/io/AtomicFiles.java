package org.convexnn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files all-or-nothing: the content goes to a temporary file {@code .NAME.<pid>.<random>.convexnn.tmp} next to
 * the target, which is then renamed over the target.
 * <ul>
 * <li>The temporary file is created with {@code CREATE_NEW}, so it gets the permissions the umask gives (0644 under
 * the usual 022); when the target exists, its permissions are kept.</li>
 * <li>A symbolic link at the target is followed: the link's final target is replaced, the link stays.</li>
 * <li>On any failure the temporary file is deleted; a shutdown hook deletes the temporary files still being written
 * when the JVM exits (SIGINT, SIGTERM, {@code System.exit}); stale temporary files of ours for the same target (whose
 * writing process is gone) are removed on the next write.</li>
 * </ul>
 */
public final class AtomicFiles {
    /** Our temporary files' names end so. */
    public static final String TEMP_SUFFIX = ".convexnn.tmp";
    /** A temp file of an older version ({@code Files.createTempFile}: {@code .NAME.<digits>.tmp}) counts as stale after this. */
    static final long LEGACY_STALE_MILLIS = 60_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static boolean hookInstalled;
    private static boolean shuttingDown;

    private AtomicFiles() {
    }

    /** Writes the body of a file given an output stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically (through a symbolic link to its target).
     * @throws NoSuchFileException when the target's directory does not exist
     * @throws IOException         when writing or renaming fails (nothing is left behind)
     */
    public static void write(Path target, Body body) throws IOException {
        checkWritableTarget(target);
        Path real = resolveTarget(target);
        cleanStale(real);
        Path tmp = createTemp(real);
        boolean done = false;
        try {
            copyPermissions(real, tmp);
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
                body.writeTo(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
            IN_FLIGHT.remove(tmp);
        }
    }

    /**
     * Checks, before any expensive work, that {@code target} could be written: its directory exists, is a directory
     * and a file can be created in it (a probe temp file is created and removed); the target is not a directory and,
     * if it exists, is writable. Messages name {@code target} as given. Returns the directory the file will land in.
     */
    public static Path checkWritableTarget(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.getFileName() == null) {
            throw new FileSystemException(target.toString(), null, "not a file path");
        }
        Path given = abs.getParent();
        if (!Files.exists(given)) {
            throw new NoSuchFileException(target.toString(), null, "directory " + given + " does not exist");
        }
        if (!Files.isDirectory(given)) {
            throw new FileSystemException(target.toString(), null, given + " is not a directory");
        }
        Path real = resolveTarget(target);
        Path dir = real.getParent();
        if (Files.isDirectory(real)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "directory " + dir + " does not exist");
        }
        if (Files.exists(real) && !Files.isWritable(real)) {
            throw new FileSystemException(target.toString(), null, "the file is not writable");
        }
        if (!Files.isWritable(dir)) {
            throw new FileSystemException(target.toString(), null, "directory " + dir + " is not writable");
        }
        Path probe;
        try {
            probe = createTemp(real);
        } catch (IOException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            throw new FileSystemException(target.toString(), null, "cannot create a file in " + dir + " (" + why + ")");
        }
        deleteQuietly(probe);
        IN_FLIGHT.remove(probe);
        return dir;
    }

    /**
     * The file a write to {@code p} replaces: symbolic links followed (also a dangling one, to the path it names),
     * the parent directory's real path plus the name when the file does not exist yet.
     */
    public static Path resolveTarget(Path p) throws IOException {
        Path cur = p.toAbsolutePath().normalize();
        for (int hops = 0; hops < 40; hops++) {
            if (Files.isSymbolicLink(cur)) {
                Path link = Files.readSymbolicLink(cur);
                Path parent = cur.getParent();
                cur = (parent == null ? link : parent.resolve(link)).toAbsolutePath().normalize();
                continue;
            }
            if (Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                return cur.toRealPath();
            }
            Path parent = cur.getParent();
            Path name = cur.getFileName();
            if (parent == null || name == null) {
                return cur;
            }
            return (Files.exists(parent) ? parent.toRealPath() : parent).resolve(name);
        }
        throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
    }

    /** The temporary files being written now (for the shutdown hook, and tests). */
    static List<Path> inFlight() {
        return List.copyOf(IN_FLIGHT);
    }

    /** What the shutdown hook does: deletes every temp file in flight and refuses new ones. */
    static void deleteInFlight() {
        synchronized (LOCK) {
            shuttingDown = true;
            for (Path p : IN_FLIGHT) {
                deleteQuietly(p);
            }
            IN_FLIGHT.clear();
        }
    }

    /** For tests: lets temp files be created again after {@link #deleteInFlight}. */
    static void resetForTest() {
        synchronized (LOCK) {
            shuttingDown = false;
        }
    }

    private static Path createTemp(Path real) throws IOException {
        Path dir = real.getParent();
        String name = "." + real.getFileName() + "." + PID + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + TEMP_SUFFIX;
        Path tmp = dir.resolve(name);
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new FileSystemException(real.toString(), null, "the JVM is shutting down");
            }
            installHook();
            IN_FLIGHT.add(tmp);
            try {
                // CREATE_NEW, not createTempFile: the mode is what the umask gives, not 0600
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            } catch (IOException | RuntimeException e) {
                IN_FLIGHT.remove(tmp);
                throw e;
            }
        }
        return tmp;
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deleteInFlight, "convexnn-temp-cleanup"));
            hookInstalled = true;
        }
    }

    private static void copyPermissions(Path real, Path tmp) throws IOException {
        if (!Files.exists(real)) {
            return;
        }
        PosixFileAttributeView from = Files.getFileAttributeView(real, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (from != null && to != null) {
            Set<PosixFilePermission> perms = from.readAttributes().permissions();
            to.setPermissions(perms);
        }
    }

    /**
     * Removes temp files of ours for {@code real} left by a process that is gone (killed with SIGKILL, a crash):
     * {@code .NAME.<pid>.<random>.convexnn.tmp} whose pid is not alive, and the older {@code .NAME.<digits>.tmp}
     * names once they are older than a minute.
     */
    static void cleanStale(Path real) {
        Path dir = real.getParent();
        String name = real.getFileName().toString();
        Pattern ours = Pattern.compile("\\." + Pattern.quote(name) + "\\.(\\d+)\\.[0-9a-z]+" + Pattern.quote(TEMP_SUFFIX));
        Pattern legacy = Pattern.compile("\\." + Pattern.quote(name) + "\\.\\d+\\.tmp");
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "." + escapeGlob(name) + ".*")) {
            for (Path p : s) {
                String f = p.getFileName().toString();
                Matcher m = ours.matcher(f);
                boolean stale = false;
                if (m.matches()) {
                    long pid = parsePid(m.group(1));
                    stale = pid != PID && (pid < 0 || ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
                } else if (legacy.matcher(f).matches()) {
                    FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    stale = now - t.toMillis() > LEGACY_STALE_MILLIS;
                }
                if (stale && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // cleaning is best effort
        }
    }

    private static long parsePid(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String escapeGlob(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort; the original failure is what matters
        }
    }
}
