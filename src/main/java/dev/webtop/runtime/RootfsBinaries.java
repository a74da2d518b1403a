package dev.webtop.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * PostgreSQL 17 with TimescaleDB and pg_cron inside a Debian 13 root filesystem, run with chroot
 * as that filesystem's postgres user. Several webtop homes (a user's and the tests') may share one
 * root filesystem; each gets its own cluster directory inside it, named after the home.
 */
final class RootfsBinaries implements ServerBinaries {
    static final String PG_BIN = "/usr/lib/postgresql/17/bin";
    private static final String CHROOT = "/usr/sbin/chroot";

    private final Path rootfs;
    private final String clusterDir;
    private final int uid;
    private final int gid;

    RootfsBinaries(Path rootfs, Path home) {
        this.rootfs = rootfs;
        this.clusterDir = "/var/lib/webtop/clusters/" + shortHash(home.toString());
        int[] ids = postgresIds(rootfs);
        this.uid = ids[0];
        this.gid = ids[1];
    }

    @Override
    public ProcessBuilder command(String program, List<String> args) {
        List<String> command = new ArrayList<>(List.of(CHROOT, "--userspec=" + uid + ":" + gid,
            rootfs.toString(), PG_BIN + "/" + program));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // Nothing of the host's environment belongs inside the root filesystem.
        builder.environment().clear();
        builder.environment().put("PATH", PG_BIN + ":/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        builder.directory(rootfs.toFile());
        return builder;
    }

    @Override
    public String clusterDir() {
        return clusterDir;
    }

    @Override
    public Path clusterDirOnHost() {
        return rootfs.resolve(clusterDir.substring(1));
    }

    @Override
    public void giveToServer(Path path) {
        try {
            Files.setAttribute(path, "unix:uid", uid);
            Files.setAttribute(path, "unix:gid", gid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + path + " to the postgres user", e);
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL 17 in the Debian 13 root filesystem " + rootfs;
    }

    /** The postgres user's numeric ids inside the root filesystem; they differ from the host's. */
    private static int[] postgresIds(Path rootfs) {
        try {
            for (String line : Files.readAllLines(rootfs.resolve("etc/passwd"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(":");
                if (fields.length > 3 && fields[0].equals("postgres")) {
                    return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users of " + rootfs, e);
        }
        throw new IllegalStateException(rootfs + " has no postgres user");
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
