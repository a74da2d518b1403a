package dev.webtop.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that look like SQL are data: a virtual host and a path full of quotes, semicolons, `%`
 * and backslashes reach the database through bind parameters and COPY, and come back unchanged.
 */
class HostileValuesTest {
    private static final String HOST = "o'brien;--%_\\x.example";
    private static final String PATH = "/it's;DROP%20TABLE%20logs;--%25\\";
    private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    @Test
    void aHostileNameIsStoredReportedAndShownVerbatim(@TempDir Path dir) throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        String time = APACHE.format(ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(5));
        // as a server writes it: a backslash in the request line is escaped
        String line = HOST + ":80 127.0.0.1 - - [" + time + "] \"GET " + PATH.replace("\\", "\\\\")
            + " HTTP/1.1\" 200 5 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n";
        Path log = dir.resolve("access.log");
        Files.writeString(log, line.repeat(3), StandardCharsets.UTF_8);
        String url = TestDatabase.url(db);

        Run ingest = Cli.isolated().run("ingest", "access-log", "--format", "vcombined", log.toString(), "--db-url", url);
        assertEquals(0, ingest.exitCode(), ingest.toString());
        assertEquals(List.of(List.of(HOST, PATH, "3")),
            Sql.rows(db, "SELECT domain, path, count(*)::text FROM logs GROUP BY 1, 2"));

        Run top = Cli.isolated().run("report", "top", "--json", "--db-url", url);
        assertEquals(0, top.exitCode(), top.toString());
        List<String> names = new ArrayList<>();
        for (String json : top.out().lines().toList()) {
            names.add(Json.read(json, JsonNode.class).get("name").asText());
        }
        assertTrue(names.contains(HOST + PATH), top.toString());

        Sql.execute(db, "SELECT webtop_refresh_current()");   // the rows may be in the minute before
        Run monitor = Cli.isolated().run("monitor", "--json", "--db-url", url);
        assertEquals(0, monitor.exitCode(), monitor.toString());
        JsonNode domains = Json.read(monitor.out(), JsonNode.class).get("domains");
        assertEquals(HOST, domains.get(0).get("domain").asText());

        Run once = Cli.isolated().run("monitor", "--once", "--db-url", url);
        assertTrue(once.out().contains(HOST), once.out());
        assertEquals("3", Sql.value(db, "SELECT count(*) FROM logs"), "the table is still there");
    }
}
