package dev.webtop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.TestPaths;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The growing and declining examples `./webtop setup` schedules read as their names say once the
 * dashboard has enough of their history, and `new` before: their minutes as the pattern job
 * makes them (amount, growth_rate per run, growth_factor per run, cap), read by
 * monitor_traffic_patterns.
 */
class ShippedPatternsTrendTest {
    private static JsonNode shipped(String domain) throws Exception {
        String file = Files.readString(TestPaths.projectRoot().resolve("sql/setup/traffic-patterns.sql"));
        Matcher m = Pattern.compile("'(\\{\"domain\": \"" + Pattern.quote(domain) + "\"[^']*)'").matcher(file);
        if (!m.find()) {
            throw new AssertionError(domain + " is not in sql/setup/traffic-patterns.sql");
        }
        return Json.read(m.group(1), JsonNode.class);
    }

    /** The pattern's runs so far, one a minute, the last one in the minute before `at`. */
    private static String minutes(JsonNode config, int runs) {
        StringBuilder sql = new StringBuilder();
        for (int run = 0; run < runs; run++) {
            double volume = Math.max(0, config.get("amount").asDouble() + config.path("growth_rate").asDouble(0) * run)
                * Math.pow(config.path("growth_factor").asDouble(1), run);
            if (config.has("cap")) {
                volume = Math.min(volume, config.get("cap").asDouble());
            }
            sql.append("INSERT INTO logs (time, domain) SELECT time_bucket('1 minute', at) - INTERVAL '")
                .append(runs - run).append(" minutes' + INTERVAL '20 seconds', '").append(config.get("domain").asText())
                .append("' FROM reading, generate_series(1, ").append(Math.round(volume)).append(");");
        }
        return sql.toString();
    }

    private static String trendAfter(JsonNode config, int runs) {
        DbTarget db = TestDatabase.withPipeline();
        Sql.insertLogs(db, "CREATE TABLE reading AS SELECT now() - INTERVAL '2 hours' AS at;" + minutes(config, runs));
        return Sql.value(db, "SELECT trend FROM reading, monitor_traffic_patterns(reading.at) m WHERE m.domain = '"
            + config.get("domain").asText() + "'");
    }

    @Test
    void growingReadsGrowingOnceItsHistoryCoversBothWindows() throws Exception {
        JsonNode growing = shipped("growing-traffic.com");
        assertEquals("New", trendAfter(growing, 8));
        assertEquals("Growing", trendAfter(growing, 11));
        assertEquals("Growing", trendAfter(growing, 60));
    }

    @Test
    void decliningReadsDecliningOnceItsHistoryCoversBothWindows() throws Exception {
        JsonNode declining = shipped("declining-traffic.com");
        assertEquals("New", trendAfter(declining, 8));
        assertEquals("Declining", trendAfter(declining, 11));
        assertEquals("Declining", trendAfter(declining, 60));
    }
}
