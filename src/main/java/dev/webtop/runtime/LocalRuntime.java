package dev.webtop.runtime;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.RuntimeKind;
import dev.webtop.config.WebtopConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private PostgreSQL cluster owned by webtop under WEBTOP_HOME. As root on a Debian-family
 * machine its binaries come from a root filesystem that webtop provisions; otherwise from a host
 * PostgreSQL that has TimescaleDB.
 */
final class LocalRuntime implements DatabaseRuntime {
    static final String SUPERUSER = "postgres";
    private static final String LOOPBACK = "127.0.0.1";

    private final WebtopConfig config;

    LocalRuntime(WebtopConfig config) {
        this.config = config;
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.LOCAL;
    }

    @Override
    public String describe() {
        return "local cluster of " + config.home() + " on " + LOOPBACK + ":" + config.localPort();
    }

    @Override
    public DbTarget start(Progress progress) {
        try (HostLock lock = HostLock.acquire(config.home().resolve("start.lock"), progress,
                 "starting the cluster of " + config.home())) {
            return startCluster(progress);
        }
    }

    private DbTarget startCluster(Progress progress) {
        LocalCluster cluster = new LocalCluster(binaries(progress, true));
        if (!cluster.isInitialized()) {
            progress.step("Creating the cluster");
            cluster.initialize(password(true));
        } else if (!Files.exists(passwordFile())) {
            throw WebtopException.failure("the cluster in " + cluster.directory() + " exists but its "
                + "password file " + passwordFile() + " is missing; restore the file, or remove "
                + cluster.directory() + " to start over without its data");
        }
        cluster.linkFrom(config.home().resolve("cluster"));
        cluster.writeSettings(config.localPort(), config.database());
        if (cluster.isRunning()) {
            progress.step("PostgreSQL is already running on " + LOOPBACK + ":" + config.localPort());
        } else {
            progress.step("Starting PostgreSQL on " + LOOPBACK + ":" + config.localPort());
            cluster.start();
        }
        return target();
    }

    @Override
    public void stop(Progress progress) {
        ServerBinaries binaries = binaries(progress, false);
        LocalCluster cluster = new LocalCluster(binaries);
        if (!cluster.isRunning()) {
            progress.step("The local cluster is not running");
            return;
        }
        progress.step("Stopping PostgreSQL on " + LOOPBACK + ":" + config.localPort());
        cluster.stop();
        progress.step("Stopped; the data stays in " + binaries.clusterDirOnHost());
    }

    @Override
    public DbTarget target() {
        if (!Files.exists(passwordFile())) {
            throw WebtopException.unreachable("there is no local cluster for " + config.home()
                + " yet; create and start it with ./webtop start");
        }
        return new DbTarget(LOOPBACK, config.localPort(), config.database(), SUPERUSER,
            password(false));
    }

    private Path passwordFile() {
        return config.home().resolve("password");
    }

    private String password(boolean createIfMissing) {
        Path file = passwordFile();
        if (!Files.exists(file) && createIfMissing) {
            SecretFile.write(file, SecretFile.newPassword() + "\n");
        }
        return SecretFile.read(file);
    }

    private ServerBinaries binaries(Progress progress, boolean provision) {
        String path = config.environment().variables().get("PATH");
        if (RootfsProvisioner.canProvision()) {
            RootfsProvisioner provisioner = new RootfsProvisioner(config.rootfs(), path);
            if (provision) {
                provisioner.ensureReady(progress);
            } else if (!provisioner.isReady()) {
                throw WebtopException.unreachable("there is no local cluster for " + config.home()
                    + " yet; create and start it with ./webtop start");
            }
            return new RootfsBinaries(config.rootfs(), config.home());
        }
        if (!RootfsProvisioner.isRoot()) {
            var host = HostBinaries.find(config.home(), path);
            if (host.isPresent()) {
                return host.get();
            }
        }
        throw WebtopException.unreachable("no runtime can provide a database here: install Docker, "
            + "or PostgreSQL with TimescaleDB, or pass --db-url (webtop provisions its own "
            + "PostgreSQL only as root on Debian-family systems)");
    }
}
