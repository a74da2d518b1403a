package dev.webtop.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command refuses what it cannot take the same way: exit 2 (3 when the database cannot be
 * reached), one line on stderr that names the problem, no stack trace, nothing on stdout, and the
 * database exactly as it was (its schema, settings, jobs and row counts).
 */
class BadInputTest {
    private static final String UNREACHABLE = "postgresql://webtop:secret@127.0.0.1:1/website_tracker";
    private static DbTarget db;
    private static Path files;
    private static String before;

    /** A bad input: the arguments ({db} is the test database's URL, {files} a folder of fixtures),
     *  the exit code and what the one line must say. */
    record Case(String expected, int exitCode, List<String> args, String stdout) {
        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    private static Case bad(String expected, String... args) {
        return new Case(expected, 2, List.of(args), "");
    }

    /** setup-db brings the schema up to date (and says so) before it checks the settings to change. */
    private static Case badSetting(String expected, String setting) {
        return new Case(expected, 2, List.of("setup-db", "--set", setting, "--db-url", "{db}"),
            "Migrations: up to date");
    }

    private static Case unreachable(String... args) {
        return new Case("cannot connect to postgresql://webtop:****@127.0.0.1:1/", 3, List.of(args), "");
    }

    @BeforeAll
    static void databaseAndFixtures() throws IOException {
        db = TestDatabase.withPipeline();
        Sql.insertLogs(db, "INSERT INTO logs (time, domain, path) SELECT now() - g * INTERVAL '1 second', 'kept.example', '/' "
            + "FROM generate_series(1, 100) g");
        files = Files.createTempDirectory("webtop-bad-input");
        write("access.log", "127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 2326 \"-\" \"curl/8\"\n");
        write("malformed.json", "{\"a.example/\": {\"2026-11-01T10:00:00Z\": 3,}");
        write("no-zone.json", "{\"a.example/\": {\"2026-11-01T10:00:00\": 3}}");
        write("not-a-page.json", "{\"a example\": {\"2026-11-01T10:00:00Z\": 3}}");
        write("negative.json", "{\"a.example/\": {\"2026-11-01T10:00:00Z\": -3}}");
        write("quoted-domain.json", "{\"a'; DROP TABLE logs; --.example/\": {\"2026-11-01T10:00:00Z\": 3}}");
        Files.write(files.resolve("latin1.json"), new byte[] {'{', '"', 'c', (byte) 0xe9, '"', ':', '1', '}'});
        write("targets.txt", "http://127.0.0.1:1/ (unclosed\n");
        Files.createDirectories(files.resolve("a-folder"));
        before = fingerprint();
    }

    private static void write(String name, String content) throws IOException {
        Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The schema, the settings, the jobs and the row counts of the tables a command could write. */
    private static String fingerprint() {
        return Sql.value(db, "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
            + "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns "
            + "WHERE table_schema = 'public' "
            + "UNION ALL SELECT p.proname || md5(p.prosrc) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace "
            + "UNION ALL SELECT 'setting ' || key || '=' || value FROM webtop_settings "
            + "UNION ALL SELECT 'jobs ' || count(*) FROM webtop_jobs "
            + "UNION ALL SELECT 'logs ' || count(*) FROM logs "
            + "UNION ALL SELECT 'page_hourly ' || count(*) FROM page_hourly "
            + "UNION ALL SELECT 'domain_sources ' || count(*) FROM domain_sources "
            + "UNION ALL SELECT 'checkpoints ' || count(*) FROM ingest_checkpoints "
            + "UNION ALL SELECT 'probe_results ' || count(*) FROM probe_results "
            + "UNION ALL SELECT 'probe_targets ' || count(*) FROM probe_targets "
            + "UNION ALL SELECT 'patterns ' || count(*) FROM webtop_pattern_state "
            + "UNION ALL SELECT 'channels ' || count(*) FROM alert_channels "
            + "UNION ALL SELECT 'rules ' || count(*) FROM alert_rules "
            + "UNION ALL SELECT 'silences ' || count(*) FROM alert_silences "
            + "UNION ALL SELECT 'outbox ' || count(*) FROM alert_outbox) s (x)");
    }

    static Stream<Case> cases() {
        String longName = "a".repeat(300) + ".example";
        return Stream.of(
            // commands and flags
            bad("Unmatched argument", "frobnicate"),
            bad("Unknown option: '--colour'", "status", "--colour"),
            bad("Unmatched argument", "report", "weekly"),
            bad("Unknown option: '--bogus'", "probe", "report", "--bogus"),
            bad("Unmatched argument", "ingest", "ftp-log", "{files}/access.log"),
            bad("Missing required parameter for option '--rate'", "generate", "--rate"),
            bad("Missing required parameter", "ingest", "access-log", "--db-url", "{db}"),
            bad("not a runtime", "status", "--runtime", "docker"),
            // durations and intervals
            bad("--duration", "generate", "--duration", "10x", "--db-url", "{db}"),
            bad("--duration", "generate", "--duration", "-5s", "--db-url", "{db}"),
            bad("--since", "report", "top", "--since", "yesterday", "--db-url", "{db}"),
            bad("--since", "stats", "--since", "", "--db-url", "{db}"),
            bad("--interval", "monitor", "--once", "--interval", "10ms", "--db-url", "{db}"),
            bad("--interval", "monitor", "--once", "--interval", "2h", "--db-url", "{db}"),
            bad("--timeout", "probe", "--timeout", "0s", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("--every", "probe", "--every", "1fortnight", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("--every", "setup", "--pattern", "steady", "--domain", "a.example", "--amount", "1", "--every", "500ms",
                "--db-url", "{db}"),
            bad("--reporting-period", "generate", "--reporting-period", "-1s", "--count", "1", "--db-url", "{db}"),
            bad("--max-latency", "probe", "--max-latency", "soon", "http://127.0.0.1:1/", "--db-url", "{db}"),
            // rates, counts and numbers
            bad("--rate", "generate", "--rate", "fast", "--db-url", "{db}"),
            bad("--rate", "generate", "--rate", "-10", "--db-url", "{db}"),
            bad("--rate", "generate", "--rate", "0", "--db-url", "{db}"),
            bad("--count", "generate", "--count", "-1", "--db-url", "{db}"),
            bad("'1e6' is not a long", "generate", "--count", "1e6", "--db-url", "{db}"),
            bad("--workers", "generate", "--workers", "0", "--count", "1", "--db-url", "{db}"),
            bad("--batch-size", "generate", "--batch-size", "0", "--count", "1", "--db-url", "{db}"),
            bad("--bots", "generate", "--bots", "1.5", "--count", "1", "--db-url", "{db}"),
            bad("--domains", "generate", "--domains", "0", "--count", "1", "--db-url", "{db}"),
            bad("--preset", "generate", "--preset", "extreme", "--db-url", "{db}"),
            bad("--pattern", "generate", "--pattern", "zigzag", "--db-url", "{db}"),
            bad("--from", "generate", "--from", "2026-13-45", "--db-url", "{db}"),
            bad("--to", "generate", "--from", "2026-11-02", "--to", "2026-11-01", "--db-url", "{db}"),
            bad("--take", "report", "top", "--take", "0", "--db-url", "{db}"),
            bad("--take", "report", "top", "--take", "-3", "--db-url", "{db}"),
            bad("'abc' is not an int", "report", "sessions", "--take", "abc", "--db-url", "{db}"),
            bad("--concurrency", "probe", "--concurrency", "0", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("--concurrency", "probe", "--concurrency", "10000", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("--min-cert-days", "probe", "--min-cert-days", "-1", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("--expect-status", "probe", "--expect-status", "999", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("--expect-status", "probe", "--expect-status", "abc", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("--slo", "probe", "report", "--slo", "101", "--db-url", "{db}"),
            bad("'abc' is not a double", "stats", "--threshold", "abc", "--db-url", "{db}"),
            bad("--max-reject-ratio", "ingest", "access-log", "--max-reject-ratio", "2", "{files}/access.log",
                "--db-url", "{db}"),
            bad("--batch-size", "ingest", "access-log", "--batch-size", "0", "{files}/access.log", "--db-url", "{db}"),
            bad("cannot be negative", "setup", "--pattern", "steady", "--domain", "a.example", "--amount", "-5", "--db-url", "{db}"),
            bad("--burst-probability", "setup", "--pattern", "bursty", "--domain", "a.example", "--amount", "5",
                "--burst-probability", "2", "--db-url", "{db}"),
            // regexes, sources, windows
            bad("'(' is not a valid regex", "probe", "--match", "(", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("'[a-' is not a valid regex", "probe", "--no-match", "[a-", "http://127.0.0.1:1/", "--db-url", "{db}"),
            bad("regex", "probe", "http://127.0.0.1:1/ (unclosed", "--db-url", "{db}"),
            bad("--source", "report", "top", "--source", "nowhere", "--db-url", "{db}"),
            bad("--by takes hour, day, month or period", "report", "visitors", "--by", "week", "--db-url", "{db}"),
            bad("--by hour covers at most 31 days", "report", "visitors", "--by", "hour", "--since", "90d", "--db-url", "{db}"),
            bad("--tag takes campaign, source or medium", "report", "campaigns", "--tag", "content", "--db-url", "{db}"),
            bad("--domain takes a host name", "report", "referrers", "--domain", "a b", "--db-url", "{db}"),
            bad("--source goes with the reports over raw rows", "report", "browsers", "--source", "client", "--db-url", "{db}"),
            bad("--take", "report", "countries", "--take", "0", "--db-url", "{db}"),
            bad("--path takes a page's path starting with /", "goal", "add", "--domain", "a.example", "--path", "done",
                "--db-url", "{db}"),
            bad("--domain takes a domain name", "goal", "add", "--domain", "not a domain", "--event", "Signup", "--db-url", "{db}"),
            bad("are mutually exclusive", "goal", "add", "--domain", "a.example", "--path", "/a", "--event", "B",
                "--db-url", "{db}"),
            bad("there is no goal 99", "goal", "remove", "99", "--db-url", "{db}"),
            // Kafka
            bad("record needs --kafka BROKERS", "record", "--db-url", "{db}"),
            bad("--kafka must be the brokers as host:port", "record", "--kafka", "localhost", "--db-url", "{db}"),
            bad("--kafka must be the brokers as host:port", "probe", "--kafka", "a:1,,b:2", "https://example.com/",
                "--db-url", "{db}"),
            bad("--kafka-config: no such file", "record", "--kafka", "127.0.0.1:9", "--kafka-config", "{files}/none.properties",
                "--db-url", "{db}"),
            bad("--workers must be from 1 to 64", "record", "--kafka", "127.0.0.1:9", "--workers", "0", "--db-url", "{db}"),
            bad("it takes no --rate, --preset, --duration, --count or --kafka", "generate", "--from-json", "{files}/none.json",
                "--kafka", "127.0.0.1:9", "--db-url", "{db}"),
            bad("--source", "monitor", "--once", "--source", "ftp", "--db-url", "{db}"),
            bad("--window", "monitor", "--once", "--window", "2m", "--db-url", "{db}"),
            bad("--order", "report", "hourly", "--page", "/", "--order", "sideways", "--db-url", "{db}"),
            // URLs
            bad("not-a-url", "probe", "not-a-url", "--db-url", "{db}"),
            bad("ftp://example.com/", "probe", "ftp://example.com/", "--db-url", "{db}"),
            bad("http://", "probe", "http://", "--db-url", "{db}"),
            bad("http://127.0.0.1:port/", "probe", "http://127.0.0.1:port/", "--db-url", "{db}"),
            bad("database URL 'notaurl' is not valid", "status", "--db-url", "notaurl"),
            bad("database URL 'mysql://u@127.0.0.1/db' is not valid", "status", "--db-url", "mysql://u@127.0.0.1/db"),
            bad("has port 99999", "status", "--db-url", "postgresql://u:p@127.0.0.1:99999/db"),
            bad("database URL 'postgresql://u:****@127.0.0.1/db' is not valid", "status", "--db-url",
                "postgresql://u:p%zz@127.0.0.1/db"),
            unreachable("status", "--db-url", UNREACHABLE),
            unreachable("report", "top", "--db-url", UNREACHABLE),
            unreachable("monitor", "--once", "--db-url", UNREACHABLE),
            unreachable("setup-db", "--db-url", UNREACHABLE),
            unreachable("alert", "list", "--db-url", UNREACHABLE),
            unreachable("alert", "dispatch", "--db-url", UNREACHABLE),
            // alerts
            bad("no channel named 'nope'", "alert", "add", "down", "--channel", "nope", "--db-url", "{db}"),
            bad("'flood' is not a kind of alert", "alert", "add", "flood", "--channel", "ops", "--db-url", "{db}"),
            bad("--domain does not go with a down alert", "alert", "add", "down", "--domain", "a.example",
                "--channel", "ops", "--db-url", "{db}"),
            bad("--quiet must be at least 10s", "alert", "add", "dark", "--quiet", "5s", "--channel", "ops",
                "--db-url", "{db}"),
            bad("--below goes with dark alerts", "alert", "add", "down", "--below", "20", "--channel", "ops",
                "--db-url", "{db}"),
            bad("--target must be an http:// or https:// URL", "alert", "add", "down", "--target", "example.com",
                "--channel", "ops", "--db-url", "{db}"),
            bad("--webhook must be an http:// or https:// URL", "alert", "channel", "add", "ops", "--webhook",
                "ftp://hooks.example/", "--db-url", "{db}"),
            bad("a channel name is lowercase", "alert", "channel", "add", "Ops!", "--slack", "https://hooks.example/x",
                "--db-url", "{db}"),
            bad("--email must be e-mail addresses", "alert", "channel", "add", "mail", "--email", "not an address",
                "--from", "webtop@example.com", "--smtp", "smtp://127.0.0.1:25", "--db-url", "{db}"),
            bad("--smtp holds a password", "alert", "channel", "add", "mail", "--email", "ops@example.com",
                "--from", "webtop@example.com", "--smtp", "smtp://ops:hunter2@mail.example.com:587", "--db-url", "{db}"),
            bad("--secret-file: cannot read", "alert", "channel", "add", "hook", "--webhook", "https://hooks.example/",
                "--secret-file", "{files}/missing", "--db-url", "{db}"),
            bad("no channel named 'nope'", "alert", "test", "nope", "--db-url", "{db}"),
            bad("no channel named 'nope'", "alert", "channel", "remove", "nope", "--db-url", "{db}"),
            bad("no rule 42", "alert", "remove", "42", "--db-url", "{db}"),
            bad("a silence needs either --for", "alert", "silence", "--target", "https://a.example/", "--db-url", "{db}"),
            bad("--weekly takes days", "alert", "silence", "--domain", "a.example", "--weekly", "funday", "--from",
                "01:00", "--to", "02:00", "--db-url", "{db}"),
            bad("--time-zone must be a zone", "alert", "silence", "--domain", "a.example", "--weekly", "sat",
                "--from", "01:00", "--to", "02:00", "--time-zone", "Mars/Olympus", "--db-url", "{db}"),
            bad("silence either --target URL or --domain DOMAIN", "alert", "silence", "--for", "1h", "--db-url", "{db}"),
            // files
            bad("/nonexistent/access.log cannot be read", "ingest", "access-log", "/nonexistent/access.log", "--domain",
                "site.example", "--db-url", "{db}"),
            bad("a-folder is a folder", "ingest", "access-log", "{files}/a-folder", "--domain", "site.example", "--db-url",
                "{db}"),
            bad("/nonexistent.json", "generate", "--from-json", "/nonexistent.json", "--db-url", "{db}"),
            bad("/nonexistent/targets", "probe", "--file", "/nonexistent/targets", "--db-url", "{db}"),
            bad("/nonexistent/dump", "ingest", "dns", "--from-file", "/nonexistent/dump", "--db-url", "{db}"),
            bad("--rejects /nonexistent/rejects", "ingest", "access-log", "--rejects", "/nonexistent/rejects",
                "{files}/access.log", "--domain", "site.example", "--db-url", "{db}"),
            bad("regex", "probe", "--file", "{files}/targets.txt", "--db-url", "{db}"),
            // JSON
            bad("malformed JSON", "generate", "--from-json", "{files}/malformed.json", "--db-url", "{db}"),
            bad("zone", "generate", "--from-json", "{files}/no-zone.json", "--db-url", "{db}"),
            bad("'a example'", "generate", "--from-json", "{files}/not-a-page.json", "--db-url", "{db}"),
            bad("-3", "generate", "--from-json", "{files}/negative.json", "--db-url", "{db}"),
            bad("malformed JSON", "generate", "--from-json", "{files}/latin1.json", "--db-url", "{db}"),
            bad("DROP TABLE", "generate", "--from-json", "{files}/quoted-domain.json", "--db-url", "{db}"),
            // log formats
            bad("apache2", "ingest", "access-log", "--format", "apache2", "{files}/access.log", "--db-url", "{db}"),
            bad("--log-format '' needs", "ingest", "access-log", "--log-format", "", "{files}/access.log", "--db-url", "{db}"),
            bad("--log-format 'plain words only' needs", "ingest", "access-log", "--log-format", "plain words only",
                "{files}/access.log",
                "--db-url", "{db}"),
            bad("needs at least a time and a request", "ingest", "access-log", "--log-format", "%h %t", "--domain",
                "site.example", "{files}/access.log", "--db-url", "{db}"),
            bad("Missing required option: '--page=PAGE'", "report", "hourly", "--db-url", "{db}"),
            bad("--count", "monitor", "--count", "0", "--db-url", "{db}"),
            bad("'javascript:alert(1)' is not an http:// or https:// URL", "probe", "add", "javascript:alert(1)",
                "--db-url", "{db}"),
            // settings
            badSetting("nosuch.key", "nosuch.key=1"),
            badSetting("banana", "retention.raw=banana"),
            bad("KEY=VALUE format", "setup-db", "--set", "retention.raw", "--db-url", "{db}"),
            badSetting("monitor.refresh_every", "monitor.refresh_every=1 year"),
            badSetting("retention.raw", "retention.raw=1 hour'; DROP TABLE logs; --"),
            // hostile names
            bad("is not a domain name", "ingest", "access-log", "--domain", "evil'; DROP TABLE logs;--",
                "{files}/access.log", "--db-url", "{db}"),
            bad("is not a domain name", "setup", "--pattern", "steady", "--domain", "a'b.example", "--amount", "1",
                "--db-url", "{db}"),
            bad("--domain 'a\\nb.example' is not a domain name", "setup", "--pattern", "steady", "--domain", "a\nb.example",
                "--amount", "1",
                "--db-url", "{db}"),
            bad("is not a domain name", "setup", "--pattern", "steady", "--domain", longName, "--amount", "1",
                "--db-url", "{db}"),
            bad("is not a domain name", "ingest", "access-log", "--domain", "100%\\.example", "{files}/access.log",
                "--db-url", "{db}"),
            bad("x; DROP", "setup", "--remove", "x; DROP", "--db-url", "{db}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithOneLineAndChangesNothing(Case bad) {
        List<String> args = new ArrayList<>();
        for (String arg : bad.args()) {
            args.add(arg.replace("{db}", TestDatabase.url(db)).replace("{files}", files.toString()));
        }
        Run run = Cli.isolated().run(args.toArray(String[]::new));
        assertEquals(bad.exitCode(), run.exitCode(), run.toString());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty(), run.toString());
        assertTrue(lines.get(0).startsWith("webtop: ") && lines.get(0).contains(bad.expected()),
            "expected '" + bad.expected() + "' in the first line of\n" + run);
        // what may follow is only where to look next: picocli's suggestions and the --help pointer
        for (String hint : lines.subList(1, lines.size())) {
            assertTrue(hint.startsWith("Try '") || hint.startsWith("Did you mean") || hint.startsWith("    "),
                "more than one line naming the problem:\n" + run);
        }
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "a stack trace:\n" + run);
        assertTrue(bad.stdout().isEmpty() ? run.out().isEmpty() : run.out().startsWith(bad.stdout()),
            "stdout:\n" + run.out());
        assertEquals(before, fingerprint(), "the database changed");
    }

    @AfterAll
    static void atLeastSixtyCases() {
        assertTrue(cases().count() >= 60, "the table holds " + cases().count() + " bad inputs");
    }
}
