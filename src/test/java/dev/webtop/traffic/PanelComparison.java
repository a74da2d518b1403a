package dev.webtop.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * For `scripts/bench ingest`: GoAccess's panels beside webtop's figures for the same log, item by
 * item, counted as GoAccess counts them (every request, crawlers included; visitors per day, 4xx
 * left out). Arguments: GoAccess's JSON report and the database webtop read the log into.
 */
public final class PanelComparison {
    private PanelComparison() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode goaccess = Json.read(Files.readString(Path.of(args[0])), JsonNode.class);
        DbTarget target = DbTarget.parse(args[1], "postgres", System.getenv("PGPASSWORD"), "website_tracker");
        try (Connection db = Database.connect(target)) {
            compare("visitors per day", panel(goaccess, "visitors", "visitors", day -> day.substring(0, 4) + "-"
                + day.substring(4, 6) + "-" + day.substring(6)), webtop(db, "SELECT to_char(time_bucket('1 day', hour) "
                + "AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(DISTINCT visitor) FROM visitor_hours GROUP BY 1"));
            compare("requests per status", statuses(goaccess), breakdown(db, "status"));
            compare("404 paths", panel(goaccess, "not_found", "hits", Function.identity()), breakdown(db, "not_found"));
            // GoAccess lists the referring host; webtop names it, and counts a page of the site itself as direct
            compare("referring sites", panel(goaccess, "referring_sites", "hits",
                host -> Referrers.name(Referrers.host("http://" + host + "/"))), breakdown(db, "referrer"));
            compare("browsers", panel(goaccess, "browsers", "hits", Function.identity()), breakdown(db, "browser"));
            compare("operating systems", panel(goaccess, "os", "hits", Function.identity()), breakdown(db, "os"));
            if (goaccess.has("geolocation")) {
                compare("countries", panel(goaccess, "geolocation", "hits", Function.identity()), breakdown(db, "country"));
            } else {
                System.out.println("countries: this GoAccess has no geolocation database (Debian's is built without one)");
            }
        }
    }

    private static Map<String, Long> panel(JsonNode report, String panel, String figure, Function<String, String> name) {
        Map<String, Long> items = new TreeMap<>();
        for (JsonNode item : report.path(panel).path("data")) {
            items.merge(name.apply(item.path("data").asText()), item.path(figure).path("count").asLong(), Long::sum);
        }
        return items;
    }

    /** "2xx Success" holds "200 - OK: ..." items: the codes. */
    private static Map<String, Long> statuses(JsonNode report) {
        Map<String, Long> codes = new TreeMap<>();
        for (JsonNode group : report.path("status_codes").path("data")) {
            for (JsonNode item : group.path("items")) {
                codes.put(item.path("data").asText().substring(0, 3), item.path("hits").path("count").asLong());
            }
        }
        return codes;
    }

    private static Map<String, Long> breakdown(Connection db, String dimension) throws SQLException {
        return webtop(db, "SELECT value, sum(hits + bot_hits) FROM hourly_breakdowns WHERE dimension = '" + dimension
            + "' GROUP BY value");
    }

    private static Map<String, Long> webtop(Connection db, String query) throws SQLException {
        Map<String, Long> items = new TreeMap<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                items.put(rows.getString(1), rows.getLong(2));
            }
        }
        return items;
    }

    private static void compare(String panel, Map<String, Long> goaccess, Map<String, Long> webtop) {
        long same = new TreeSet<>(goaccess.keySet()).stream()
            .filter(k -> goaccess.get(k).equals(webtop.get(k))).count();
        System.out.printf(Locale.ROOT, "%s: %d of %d GoAccess items equal in webtop%n", panel, same, goaccess.size());
        TreeSet<String> keys = new TreeSet<>(goaccess.keySet());
        keys.addAll(webtop.keySet());
        for (String key : keys) {
            Long a = goaccess.get(key);
            Long b = webtop.get(key);
            System.out.printf(Locale.ROOT, "  %-44s %10s %10s%s%n", key.length() > 44 ? key.substring(0, 43) + "…" : key,
                a == null ? "-" : a, b == null ? "-" : b, a != null && a.equals(b) ? "" : "   ≠");
        }
    }
}
