package dev.webtop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebtopConfigTest {
    @TempDir
    Path workDir;

    private WebtopConfig resolve(Map<String, String> env, String dbUrlFlag, RuntimeKind flag) {
        return WebtopConfig.resolve(new ProcessEnvironment(env, workDir), dbUrlFlag, flag);
    }

    private void dotEnv(String content) throws IOException {
        Files.writeString(workDir.resolve(".env"), content);
    }

    @Test
    void defaultsToWebtopsOwnDatabaseAndHome() {
        WebtopConfig config = resolve(Map.of(), null, null);
        assertNull(config.externalTarget());
        assertNull(config.forcedRuntime());
        assertEquals("website_tracker", config.database());
        assertEquals(55432, config.localPort());
        assertEquals(Path.of(System.getProperty("user.home"), ".local/share/webtop"), config.home());
        assertEquals(config.home().resolve("rootfs"), config.rootfs());
    }

    @Test
    void theDefaultHomeFollowsHomeAndXdgDataHome() {
        assertEquals(Path.of("/home/ann/.local/share/webtop"),
            resolve(Map.of("HOME", "/home/ann"), null, null).home());
        assertEquals(Path.of("/data/webtop"),
            resolve(Map.of("HOME", "/home/ann", "XDG_DATA_HOME", "/data"), null, null).home());
    }

    @Test
    void flagBeatsEnvironmentWhichBeatsDotEnv() throws IOException {
        dotEnv("WEBTOP_DB_URL=postgresql://u:p@from-dotenv/db\nWEBTOP_RUNTIME=compose\n");
        Map<String, String> env = Map.of("WEBTOP_DB_URL", "postgresql://u:p@from-env/db");

        assertEquals("from-dotenv", resolve(Map.of(), null, null).externalTarget().host());
        assertEquals(RuntimeKind.COMPOSE, resolve(Map.of(), null, null).forcedRuntime());
        assertEquals("from-env", resolve(env, null, null).externalTarget().host());
        assertEquals("from-flag",
            resolve(env, "postgresql://u:p@from-flag/db", null).externalTarget().host());
        assertEquals(RuntimeKind.LOCAL,
            resolve(Map.of("WEBTOP_RUNTIME", "external"), null, RuntimeKind.LOCAL).forcedRuntime());
    }

    @Test
    void aDbUrlFlagOutranksARuntimeFromTheEnvironment() {
        WebtopConfig config = resolve(Map.of("WEBTOP_RUNTIME", "local"), "postgresql://h/db", null);
        assertEquals(RuntimeKind.EXTERNAL, config.forcedRuntime());
        assertEquals("h", config.externalTarget().host());
    }

    @Test
    void dotEnvUnderstandsQuotesCommentsAndExport() throws IOException {
        dotEnv("# comment\nexport PGHOST=\"db.internal\"\nPGPORT='6000'\nPGPASSWORD=x=y\n");
        DbTarget target = resolve(Map.of(), null, null).externalTarget();
        assertEquals("db.internal", target.host());
        assertEquals(6000, target.port());
        assertEquals("x=y", target.password());
    }

    @Test
    void standardPgVariablesMakeAnExternalTarget() {
        DbTarget target = resolve(Map.of("PGHOST", "db", "PGUSER", "alice", "PGPASSWORD", "pw",
            "PGDATABASE", "traffic"), null, null).externalTarget();
        assertEquals(new DbTarget("db", 5432, "traffic", "alice", "pw"), target);
    }

    @Test
    void urlPartsWinOverPgVariablesWhichFillTheGaps() {
        DbTarget target = resolve(Map.of("PGUSER", "alice", "PGPASSWORD", "pw"),
            "postgresql://bob@h/db", null).externalTarget();
        assertEquals("bob", target.user());
        assertEquals("pw", target.password());
    }

    @Test
    void pgDatabaseRenamesWebtopsDatabase() {
        assertEquals("other", resolve(Map.of("PGDATABASE", "other"), null, null).database());
    }

    @Test
    void webtopHomeAndRootfsAndPortComeFromTheEnvironment() {
        WebtopConfig config = resolve(Map.of("WEBTOP_HOME", "/srv/wt", "WEBTOP_LOCAL_PORT", "6001"),
            null, null);
        assertEquals(Path.of("/srv/wt"), config.home());
        assertEquals(Path.of("/srv/wt/rootfs"), config.rootfs());
        assertEquals(6001, config.localPort());
        assertEquals(Path.of("/opt/r"),
            resolve(Map.of("WEBTOP_ROOTFS", "/opt/r"), null, null).rootfs());
    }

    @Test
    void anUnknownRuntimeInTheEnvironmentIsBadInput() {
        WebtopException e = assertThrows(WebtopException.class,
            () -> resolve(Map.of("WEBTOP_RUNTIME", "kubernetes"), null, null));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("external, compose, local"), e.getMessage());
    }

    @Test
    void aBadPortIsBadInput() {
        WebtopException e = assertThrows(WebtopException.class,
            () -> resolve(Map.of("PGPORT", "70000"), null, null));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("PGPORT '70000'"), e.getMessage());
    }

    @Test
    void forcingTheExternalRuntimeWithoutADatabaseIsBadInput() {
        WebtopException e = assertThrows(WebtopException.class,
            () -> resolve(Map.of(), null, RuntimeKind.EXTERNAL));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
    }
}
