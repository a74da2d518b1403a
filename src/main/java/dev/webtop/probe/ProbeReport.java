package dev.webtop.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.db.SqlResources;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Availability per target over a period, from the hourly probe aggregates (query: report.sql). */
public final class ProbeReport {

    /** One target's figures; times in milliseconds, null where no check reached the phase. */
    public record Row(String target, long checks,
                      @JsonProperty("uptime_percent") double uptimePercent,
                      @JsonProperty("slo_met") boolean sloMet,
                      @JsonProperty("p50_total_ms") Double p50TotalMs,
                      @JsonProperty("p95_total_ms") Double p95TotalMs,
                      @JsonProperty("p99_total_ms") Double p99TotalMs,
                      @JsonProperty("p95_dns_ms") Double p95DnsMs,
                      @JsonProperty("p95_connect_ms") Double p95ConnectMs,
                      @JsonProperty("p95_tls_ms") Double p95TlsMs,
                      @JsonProperty("p95_ttfb_ms") Double p95TtfbMs,
                      @JsonProperty("p95_transfer_ms") Double p95TransferMs,
                      long incidents,
                      @JsonProperty("cert_days_left") Long certDaysLeft,
                      @JsonProperty("down_at") String downAt,
                      Map<String, Long> outcomes) {
    }

    private ProbeReport() {
    }

    /** excludeMaintenance: leave out checks made while the target's alerts were silenced. */
    public static List<Row> read(DbTarget target, Instant since, String url, String location, double slo,
                                 boolean excludeMaintenance) {
        return Database.run(target, connection -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(ProbeReport.class, "report.sql"))) {
                statement.setTimestamp(1, Timestamp.from(since));
                statement.setString(2, url);
                statement.setString(3, location);
                statement.setBoolean(4, excludeMaintenance);
                try (ResultSet r = statement.executeQuery()) {
                    while (r.next()) {
                        double uptime = r.getDouble(3);
                        rows.add(new Row(r.getString(1), r.getLong(2), uptime, uptime >= slo,
                            number(r, 4), number(r, 5), number(r, 6), number(r, 7), number(r, 8), number(r, 9),
                            number(r, 10), number(r, 11), r.getLong(12), r.getObject(13) == null ? null : r.getLong(13),
                            r.getString(14), counts(r.getString(15))));
                    }
                }
            }
            return rows;
        });
    }

    private static Map<String, Long> counts(String json) {
        Map<String, Long> counts = new TreeMap<>();
        try {
            Json.read(json, Map.class).forEach((key, value) -> counts.put((String) key, ((Number) value).longValue()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable outcome counts: " + e.getMessage(), e);
        }
        return counts;
    }

    private static Double number(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
