package dev.webtop.probe;

import dev.webtop.base.Json;
import dev.webtop.base.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Results that could not be stored, kept as JSON-lines files until a run reaches the database.
 * A file appears whole (written aside, then renamed) and is taken by one run only (renamed to a
 * name of that run's); the database remembers which files it applied, so nothing is stored twice.
 */
public final class ProbeSpool {
    private static final String SUFFIX = ".jsonl";
    private static final String CLAIMED = ".claimed-";
    /** A claim older than this belongs to a run that died; its file is taken again. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    private final Path dir;
    private final String runId = UUID.randomUUID().toString();

    public ProbeSpool(Path dir) {
        this.dir = dir;
    }

    /** A spool file this run has taken: its id (the original name), where it is now, its results. */
    public record Claimed(String id, Path path, List<ProbeResult> results) {
    }

    /** Writes results to a new spool file and returns it. */
    public Path write(List<ProbeResult> results) {
        try {
            String name = Instant.now().toEpochMilli() + "-" + UUID.randomUUID() + SUFFIX;
            Path partial = OwnerOnly.createFile(dir.resolve(name + ".partial"));
            List<String> lines = new ArrayList<>();
            for (ProbeResult result : results) {
                lines.add(Json.write(result));
            }
            Files.write(partial, lines, StandardCharsets.UTF_8);
            return Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the probe spool in " + dir, e);
        }
    }

    /** Takes every spool file no other live run holds. */
    public List<Claimed> claim() {
        List<Claimed> claimed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return claimed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.endsWith(SUFFIX) ? name
                    : name.contains(CLAIMED) && stale(file) ? name.substring(0, name.indexOf(CLAIMED)) : null;
                if (id == null) {
                    continue;
                }
                Path mine = dir.resolve(id + CLAIMED + runId);
                try {
                    Files.move(file, mine, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException takenByAnotherRun) {
                    continue;
                }
                claimed.add(new Claimed(id, mine, read(mine)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the probe spool in " + dir, e);
        }
        return claimed;
    }

    /** Gives files back when they could not be stored after all. */
    public void release(List<Claimed> claimed) {
        for (Claimed file : claimed) {
            try {
                Files.move(file.path(), dir.resolve(file.id()), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot put back " + file.path(), e);
            }
        }
    }

    /** Removes files whose results are stored. */
    public void delete(List<Claimed> claimed) {
        for (Claimed file : claimed) {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file.path(), e);
            }
        }
    }

    private static boolean stale(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(STALE_CLAIM));
    }

    private static List<ProbeResult> read(Path file) throws IOException {
        List<ProbeResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                results.add(Json.read(line, ProbeResult.class));
            }
        }
        return results;
    }
}
