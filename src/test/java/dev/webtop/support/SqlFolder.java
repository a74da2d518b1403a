package dev.webtop.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the project's sql/ folder holds for an edition, to check migration counts against. */
public final class SqlFolder {
    private SqlFolder() {
    }

    /** Versioned and repeatable files that apply to the edition (`timescale` or `apache`). */
    public static List<String> migrations(String edition) {
        return Stream.of("common", edition)
            .flatMap(dir -> list(TestPaths.projectRoot().resolve("sql").resolve(dir)))
            .map(p -> p.getFileName().toString())
            .filter(name -> name.matches("(V\\d+|R)__.*\\.sql"))
            .sorted()
            .toList();
    }

    /** The highest version number among them. */
    public static String latestVersion(String edition) {
        return String.valueOf(migrations(edition).stream()
            .filter(name -> name.startsWith("V"))
            .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
            .max().orElse(0));
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
