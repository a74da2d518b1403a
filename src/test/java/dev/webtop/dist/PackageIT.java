package dev.webtop.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.CleanDebian;
import dev.webtop.support.Receiver;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.TestPaths;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages scripts/package makes, used as a user would: the .deb installed with dpkg into a
 * clean Debian 12 that has no Java and no Maven, and the tarball unpacked into an arbitrary folder.
 */
class PackageIT {
    private static final Path DIST = TestPaths.projectRoot().resolve("target/dist");

    @TempDir
    Path dir;

    @BeforeAll
    static void packages() throws Exception {
        Path jar = TestPaths.projectRoot().resolve("target/webtop.jar");
        Path deb = deb();
        if (deb != null && Files.getLastModifiedTime(deb).compareTo(Files.getLastModifiedTime(jar)) > 0) {
            return;   // made from this jar already (mvn -Pdist)
        }
        Path log = Files.createTempFile("webtop-package", ".log");
        Process process = new ProcessBuilder(TestPaths.projectRoot().resolve("scripts/package").toString(), "--no-build")
            .directory(TestPaths.projectRoot().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), "scripts/package ran past 15 minutes");
        assertEquals(0, process.exitValue(), () -> "scripts/package failed: " + read(log));
    }

    @Test
    void theDebInstallsIntoACleanDebianAndRunsThere() throws Exception {
        // a home of its own each run: its cluster, made in the shared binaries' tree, is removed after
        Path home = Path.of("/root/webtop-package-test-" + ProcessHandle.current().pid());
        Map<String, String> env = Map.of("WEBTOP_HOME", home.toString(), "WEBTOP_RUNTIME", "local",
            "WEBTOP_LOCAL_PORT", "25478", "WEBTOP_ROOTFS", "/srv/webtop-rootfs", "TERM", "dumb");
        try (CleanDebian debian = CleanDebian.bookworm(dir.resolve("debian12"))) {
            assertEquals(127, debian.run(env, "sh", "-c", "command -v java mvn || exit 127").exitCode(),
                "the clean system has no Java or Maven");
            Files.copy(deb(), debian.root().resolve("tmp/webtop.deb"));
            // the database binaries the tests share (a Debian 13 root filesystem), not provisioned again
            debian.bind(TestPaths.sharedRootfs(), "/srv/webtop-rootfs");

            CleanDebian.Run install = debian.run(env, "dpkg", "-i", "/tmp/webtop.deb");
            assertEquals(0, install.exitCode(), install::output);
            CleanDebian.Run version = debian.run(env, "webtop", "--version");
            assertEquals("webtop 0.1.0\n", version.output());
            assertEquals("webtop:webtop 750\n", debian.run(env, "stat", "-c", "%U:%G %a", "/var/lib/webtop").output(),
                "the services' user and its home");
            try {
                CleanDebian.Run start = debian.run(env, "webtop", "start");
                assertEquals(0, start.exitCode(), start::output);
                assertTrue(start.output().contains("Ready in"), start::output);
                CleanDebian.Run status = debian.run(env, "webtop", "status");
                assertEquals(0, status.exitCode(), status::output);
                assertTrue(status.output().matches("(?s).*migrations +\\d+ applied, 0 pending.*"), status::output);
                assertStoredProbe(debian, env);
            } finally {
                debian.run(env, "webtop", "stop");
                removeCluster(debian.root().resolve(home.toString().substring(1)).resolve("cluster"));
            }

            CleanDebian.Run manual = debian.run(env, "man", "-P", "cat", "webtop-probe");
            assertEquals(0, manual.exitCode(), manual::output);
            assertTrue(manual.output().contains("webtop-probe - Check websites' availability"), manual::output);
            assertTrue(manual.output().contains("--every=DURATION"), manual::output);
            assertTrue(debian.run(env, "man", "-w", "webtop-report-referrers").output().endsWith("webtop-report-referrers.1.gz\n"));
            assertTrue(debian.run(env, "grep", "-q", "_complete_webtop", "/usr/share/bash-completion/completions/webtop")
                .exitCode() == 0, "bash completion where bash-completion looks");
            assertVerified(debian, env);

            CleanDebian.Run remove = debian.run(env, "dpkg", "--purge", "webtop");
            assertEquals(0, remove.exitCode(), remove::output);
            assertEquals(2, debian.run(env, "getent", "passwd", "webtop").exitCode(), "purge removes the user (2: not found)");
        }
    }

    /** The cluster's folder in the shared binaries' tree, which `cluster` in webtop's home leads to. */
    private static void removeCluster(Path link) throws IOException, InterruptedException {
        if (!Files.isSymbolicLink(link)) {
            return;
        }
        String inside = Files.readSymbolicLink(link).toString();
        assertTrue(inside.startsWith("/srv/webtop-rootfs/var/lib/webtop/clusters/"), inside);
        Path cluster = TestPaths.sharedRootfs().resolve(inside.substring("/srv/webtop-rootfs/".length()));
        assertEquals(0, new ProcessBuilder("rm", "-rf", cluster.toString()).start().waitFor());
    }

    /** A probe of a live server, run in the clean system, is stored in the database started there. */
    private static void assertStoredProbe(CleanDebian debian, Map<String, String> env) throws Exception {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", Receiver.freePort()), 0);
        site.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        site.start();
        try {
            String url = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
            CleanDebian.Run probe = debian.run(env, "webtop", "probe", url);
            assertEquals(0, probe.exitCode(), probe::output);
            CleanDebian.Run report = debian.run(env, "webtop", "probe", "report", "--json");
            assertEquals(0, report.exitCode(), report::output);
            assertTrue(report.output().contains("\"target\":\"" + url + "\""), report::output);
        } finally {
            site.stop(0);
        }
    }

    /** The unit files pass systemd's own check, with their manual pages found. */
    private static void assertVerified(CleanDebian debian, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (String unit : List.of("webtop-serve.service", "webtop-probe.service", "webtop-ingest@var-log-nginx-access.log.service")) {
            command.add("/lib/systemd/system/" + unit);
        }
        CleanDebian.Run verify = debian.run(env, command.toArray(String[]::new));
        assertEquals(0, verify.exitCode(), verify::output);
        assertEquals("", verify.output(), "systemd-analyze verify says nothing of webtop's units");
    }

    @Test
    void theTarballRunsFromAnyFolder() throws Exception {
        Path folder = dir.resolve("any folder");
        Files.createDirectories(folder);
        Path tarball;
        try (Stream<Path> files = Files.list(DIST)) {
            tarball = files.filter(file -> file.toString().endsWith("-linux-x64.tar.gz")).findFirst().orElseThrow();
        }
        assertEquals(0, new ProcessBuilder("tar", "-C", folder.toString(), "-xzf", tarball.toString()).start().waitFor());
        Path webtop = folder.resolve("webtop-0.1.0/bin/webtop");
        DbTarget db = TestDatabase.withPipeline();

        assertEquals("webtop 0.1.0\n", runIn(dir, webtop.toString(), "--version"));
        String status = runIn(Path.of("/"), webtop.toString(), "status", "--db-url", TestDatabase.url(db));
        assertTrue(status.matches("(?s).*migrations +\\d+ applied, 0 pending.*"), status);
        runIn(Path.of("/"), webtop.toString(), "probe", "--location", "tarball", "--db-url", TestDatabase.url(db),
            "http://127.0.0.1:9/");
        assertEquals(1, Sql.number(db, "SELECT count(*) FROM probe_results WHERE location = 'tarball' AND outcome = 'connect_refused'"));
    }

    private static String runIn(Path cwd, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("webtop-tarball", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("WEBTOP_HOME", Files.createTempDirectory("webtop-tarball-home").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return read(log);
    }

    private static Path deb() throws IOException {
        if (!Files.isDirectory(DIST)) {
            return null;
        }
        try (Stream<Path> files = Files.list(DIST)) {
            return files.filter(file -> file.toString().endsWith("_amd64.deb")).findFirst().orElse(null);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
