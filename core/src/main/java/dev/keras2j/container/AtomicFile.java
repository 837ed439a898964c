package dev.keras2j.container;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keras2j's one way of writing an output file (predictions, references, exported models, reports): readers
 * never see half of one. The content goes to a temporary file in the target's folder, named
 * {@code .keras2j-tmp-<pid>-<random>-<target name>}, which is renamed over the target. A replaced file keeps its
 * permissions; a new one gets the process's default ones (not the owner-only mode of JDK temporary files). A
 * run killed mid-write leaves its temporary file behind under a name that says whose it is: every later write
 * into the same folder removes those of processes that are no longer running.
 */
public final class AtomicFile {
    /** Prefix of every temporary file keras2j writes beside an output. */
    public static final String TEMP_PREFIX = ".keras2j-tmp-";
    private static final Pattern OWNED = Pattern.compile(Pattern.quote(TEMP_PREFIX) + "(\\d+)-.*");

    private AtomicFile() {
    }

    /** Writes content to a stream. */
    public interface Content {
        /** Writes the whole content to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically through {@link #stage} and {@link #commit}. */
    public static void write(Path target, Content content) throws IOException {
        Path temp = stage(target);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                content.writeTo(out);
            }
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates an empty temporary file for {@code target} in its folder (created when missing), after removing
     * the temporary files that killed runs left there. The caller writes it, then {@link #commit}s it or
     * deletes it.
     */
    public static Path stage(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        removeStale(folder);
        String name = absolute.getFileName().toString();
        name = name.length() > 100 ? name.substring(0, 100) : name;
        for (int attempt = 0; ; attempt++) {
            Path temp = folder.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "-" + name);
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    /**
     * Creates an empty temporary folder beside {@code target} (for an output written with companion files,
     * moved into place one by one), after removing what killed runs left there; the caller deletes it.
     */
    public static Path stageFolder(Path target) throws IOException {
        Path staged = stage(target);
        Files.delete(staged);
        return Files.createDirectory(staged);
    }

    /**
     * Renames a staged file over {@code target}, atomically where the file system can; an existing target's
     * permissions are carried over first.
     */
    public static void commit(Path staged, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        keepPermissions(absolute, staged);
        try {
            Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void keepPermissions(Path target, Path staged) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(staged, PosixFileAttributeView.class);
        if (from == null || to == null || !Files.isRegularFile(target)) {
            return;
        }
        Set<PosixFilePermission> permissions = from.readAttributes().permissions();
        to.setPermissions(permissions);
    }

    /**
     * Deletes the temporary files in {@code folder} whose writer process is no longer running, and returns how
     * many. Files of running processes (another keras2j writing beside this one) are left alone.
     */
    public static int removeStale(Path folder) {
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, TEMP_PREFIX + "*")) {
            for (Path p : s) {
                Matcher m = OWNED.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == ProcessHandle.current().pid()
                        || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                try {
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        try (java.util.stream.Stream<Path> all = Files.walk(p)) {
                            for (Path q : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                                Files.deleteIfExists(q);
                            }
                        }
                        removed++;
                    } else if (Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (IOException | RuntimeException e) {
                    // Not ours to remove after all (permissions); the next write still works.
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable folder: writing there fails with its own message.
        }
        return removed;
    }
}
