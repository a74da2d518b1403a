package dev.webtop.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner may read (0600, in folders webtop creates 0700): passwords, spooled
 * probe results, rejected log lines with client addresses. Created so, never world-readable
 * for a moment.
 */
public final class OwnerOnly {
    private OwnerOnly() {
    }

    /** Creates a new empty file, replacing any file of that name. */
    public static Path createFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.deleteIfExists(file);
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
}
