package dev.webtop.support;

import java.nio.file.Path;

/** Where tests keep their clusters: away from the user's own webtop home and port. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path projectRoot() {
        String root = System.getenv("WEBTOP_TEST_ROOT");
        return Path.of(root != null ? root : "").toAbsolutePath();
    }

    /**
     * The provisioned root filesystem is only binaries, so tests share the user's (or CI's) copy
     * rather than provisioning their own; WEBTOP_TEST_ROOTFS points elsewhere.
     */
    public static Path sharedRootfs() {
        String rootfs = System.getenv("WEBTOP_TEST_ROOTFS");
        return rootfs != null ? Path.of(rootfs)
            : Path.of(System.getenv().getOrDefault("HOME", System.getProperty("user.home")),
                ".local/share/webtop/rootfs");
    }

    public static Path testHome(String name) {
        return Path.of(System.getProperty("java.io.tmpdir"), "webtop-test", name);
    }
}
