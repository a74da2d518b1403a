package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static Run run(String... args) {
        return Cli.isolated().run(args);
    }

    private static long lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).count();
    }

    @Test
    void versionPrintsTheVersionAndExits0() {
        Run run = run("--version");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("webtop \\d+\\.\\d+\\.\\d+\\s*"), run.out());
    }

    @Test
    void rootHelpListsEveryCommandExitCodesAndExamples() {
        Run run = run("--help");
        assertEquals(0, run.exitCode());
        for (String command : new String[] {"start", "stop", "restart", "status", "monitor", "probe", "setup",
            "setup-db", "reset", "psql", "completion"}) {
            assertTrue(run.out().contains("  " + command), command + " missing from\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("3   the database cannot be reached"), run.out());
        assertTrue(run.out().contains("Examples:"), run.out());
    }

    @Test
    void everyCommandsHelpEndsWithExamples() {
        for (String command : new String[] {"start", "stop", "restart", "status", "monitor", "probe", "setup",
            "setup-db", "reset", "psql"}) {
            Run run = run(command, "--help");
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().contains("Examples:\n  ./webtop " + command), run.out());
        }
    }

    @Test
    void anUnknownRuntimeExits2WithTheAcceptedValues() {
        Run run = run("start", "--runtime", "nonsense");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("'nonsense' is not a runtime; use one of: external, compose, local"),
            run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUnknownCommandExits2WithASuggestion() {
        Run run = run("stat");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Did you mean") && run.err().contains("webtop status"), run.err());
    }

    @Test
    void anUnknownFlagExits2() {
        Run run = run("status", "--colour");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown option: '--colour'"), run.err());
        assertTrue(run.err().contains("Try 'webtop status --help'"), run.err());
    }

    @Test
    void noCommandExits2() {
        Run run = run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("missing a command"), run.err());
    }

    @Test
    void statusOfAnUnreachableDatabaseIsOneLineAndExit3() {
        Run run = run("status", "--db-url", "postgresql://postgres:hunter2@127.0.0.1:1/x");
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(1, lines(run.err()), run.err());
        assertTrue(run.err().startsWith("webtop: cannot connect to postgresql://postgres:****@127.0.0.1:1/x"),
            run.err());
        assertFalse(run.err().contains("hunter2"));
        assertFalse(run.err().contains("at org."), "no stack trace without --verbose");
        assertEquals("", run.out());
    }

    @Test
    void statusJsonOfAnUnreachableDatabaseSaysSoAndExits3() {
        Run run = run("status", "--json", "--db-url", "postgresql://u:hunter2@127.0.0.1:1/x");
        assertEquals(3, run.exitCode());
        assertTrue(run.out().contains("\"reachable\":false"), run.out());
        assertTrue(run.out().contains("\"url\":\"postgresql://u:****@127.0.0.1:1/x\""), run.out());
        assertFalse(run.out().contains("hunter2"));
    }

    @Test
    void setupDbAgainstAnUnreachableDatabaseExits3() {
        Run run = run("setup-db", "--db-url", "postgresql://u:pw@127.0.0.1:1/x");
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(1, lines(run.err()), run.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = run("setup-db", "--verbose", "--db-url", "postgresql://u:pw@127.0.0.1:1/x");
        assertEquals(3, run.exitCode());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void aMalformedUrlIsBadInput() {
        Run run = run("status", "--db-url", "mysql://root:pw@h/db");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("use postgresql://user:password@host:port/database"), run.err());
    }

    @Test
    void psqlWithoutAPsqlClientExits4AndSaysWhatToInstall() {
        Run run = Cli.isolated().env("PATH", "/nonexistent").run("psql", "--db-url",
            "postgresql://u:pw@127.0.0.1:1/x", "-c", "select 1");
        assertEquals(4, run.exitCode(), run.toString());
        assertTrue(run.err().contains("psql is not installed"), run.err());
    }

    @Test
    void completionPrintsABashScriptCoveringTheCommands() {
        Run run = run("completion");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("complete -F"), run.out().substring(0, 200));
        assertTrue(run.out().contains("setup-db"));
        assertTrue(run.out().contains("--runtime"));
    }
}
