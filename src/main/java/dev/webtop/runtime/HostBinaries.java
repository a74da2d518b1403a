package dev.webtop.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL installed on this machine that has TimescaleDB, run as the current user with its
 * cluster under WEBTOP_HOME.
 */
final class HostBinaries implements ServerBinaries {
    private final Path binDir;
    private final Path clusterDir;

    private HostBinaries(Path binDir, Path home) {
        this.binDir = binDir;
        this.clusterDir = home.resolve("cluster");
    }

    /** Looks at pg_config on PATH, then at Debian's /usr/lib/postgresql/VERSION layout, newest first. */
    static Optional<HostBinaries> find(Path home, String pathVariable) {
        List<Path> binDirs = new ArrayList<>();
        Processes.onPath("pg_config", pathVariable).ifPresent(p -> binDirs.add(p.getParent()));
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(debian)) {
                List<Path> found = new ArrayList<>();
                versions.forEach(found::add);
                found.sort(Comparator.comparing(HostBinaries::majorVersion).reversed());
                found.forEach(v -> binDirs.add(v.resolve("bin")));
            } catch (IOException e) {
                // no usable Debian layout
            }
        }
        return binDirs.stream()
            .filter(bin -> Files.isExecutable(bin.resolve("postgres")) && hasTimescaleDb(bin))
            .findFirst()
            .map(bin -> new HostBinaries(bin, home));
    }

    private static boolean hasTimescaleDb(Path binDir) {
        Path lib = binDir.getParent().resolve("lib");
        Path debianStyle = lib.resolve("timescaledb.so");
        Path pkgLib = lib.resolve("postgresql").resolve("timescaledb.so");
        return Files.exists(debianStyle) || Files.exists(pkgLib);
    }

    private static int majorVersion(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public ProcessBuilder command(String program, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve(program).toString());
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    @Override
    public String clusterDir() {
        return clusterDir.toString();
    }

    @Override
    public Path clusterDirOnHost() {
        return clusterDir;
    }

    @Override
    public void giveToServer(Path path) {
        // the server runs as the current user, who already owns it
    }

    @Override
    public String describe() {
        return "PostgreSQL from " + binDir.getParent() + File.separator;
    }
}
