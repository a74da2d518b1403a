package dev.webtop.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.WebtopConfig;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestPaths;
import dev.webtop.support.WebtopProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first `start` killed with `kill -9` while debootstrap installs the packages of the root
 * filesystem: the next `start` clears what was left (the orphaned debootstrap, the mounts inside
 * the half-made tree, the tree) and provisions again. Provisions a root filesystem of its own
 * (about a minute), so it does not touch the one other tests share.
 */
class InterruptedProvisioningTest {
    private static final int PORT = 25498;
    private final Path home = TestPaths.testHome("provision-" + UUID.randomUUID().toString().substring(0, 8));
    private final Path rootfs = home.resolve("rootfs");
    private final Path partial = home.resolve("rootfs.partial");
    private final Map<String, String> env = Map.of("WEBTOP_HOME", home.toString(), "WEBTOP_ROOTFS", rootfs.toString(),
        "WEBTOP_LOCAL_PORT", String.valueOf(PORT), "WEBTOP_RUNTIME", "local");
    @TempDir
    Path outputs;

    private final Cli cli = Cli.isolated();

    InterruptedProvisioningTest() {
        env.forEach(cli::env);
    }

    @AfterEach
    void removeEverything() {
        cli.run("stop");
        HalfMadeRootfs.remove(partial);
        HalfMadeRootfs.remove(home);
    }

    @Test
    void aStartKilledWhileProvisioningIsRedoneByTheNextStart() {
        WebtopProcess first = WebtopProcess.start(outputs, "start-1", env, "start");
        Await.until("debootstrap installs packages", Duration.ofMinutes(5),
            () -> first.outSoFar().contains("installing packages"));
        // its last stage mounts /proc and /sys inside the tree, which a plain rm cannot remove
        Await.until("debootstrap mounts inside the tree", Duration.ofMinutes(2), () -> !mountsUnder(partial).isEmpty());
        first.kill();
        assertTrue(Files.isDirectory(partial), "a half-made tree is left");
        assertFalse(Files.exists(rootfs), "nothing looks finished");

        Run second = WebtopProcess.start(outputs, "start-2", env, "start").await(900);
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.out().contains("Removing the half-made root filesystem " + partial), second.out());
        assertTrue(second.out().contains("Root filesystem ready"), second.out());
        assertFalse(Files.exists(partial));
        assertEquals("", mountsUnder(home), "mounts left behind");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments()
            .map(a -> String.join(" ", a).contains(partial.toString())).orElse(false)), "an orphan works on");
        var target = Runtimes.select(WebtopConfig.resolve(cli.environment(), null, null)).target();
        assertEquals(30_000, Sql.number(target, "SELECT count(*) FROM logs"), "a cluster with its initial data");
    }

    private static String mountsUnder(Path dir) {
        try {
            return String.join("\n", Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .filter(line -> line.split(" ")[1].startsWith(dir.toString())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
