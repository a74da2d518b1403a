package dev.webtop.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.webtop.db.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one dashboard refresh read, immutable, with the moment it was taken and the error
 * that stopped it, if any. The domain figures come from the webtop-current job's table, computed
 * at `domainsAsOf` (null before its first run); `domains` holds the busiest (at most
 * SnapshotCollector.DOMAIN_LIMIT) in the dashboard's sort and filter, `domainsTotal` how many
 * matched. Its JSON form is the `monitor --json` output;
 * `schema` names its shape.
 */
@JsonPropertyOrder({"schema", "taken_at", "window", "error", "header", "domains_as_of", "domains_total",
    "window_total_hits", "domains", "bursts", "elected", "jobs", "storage", "probes", "statuses", "goals"})
public record DashboardSnapshot(
    @JsonProperty("taken_at") Instant takenAt,
    Window window,
    String error,
    Header header,
    @JsonProperty("domains_as_of") Instant domainsAsOf,
    @JsonProperty("domains_total") long domainsTotal,
    @JsonProperty("window_total_hits") long windowTotalHits,
    List<DomainRow> domains,
    List<DomainRow> bursts,
    List<ElectedRow> elected,
    List<Job> jobs,
    List<StorageRow> storage,
    List<ProbeRow> probes,
    List<StatusRow> statuses,
    List<GoalRow> goals,
    Detail detail,
    @JsonProperty("query_ms") Map<String, Long> queryMillis) {

    public static final String SCHEMA = "webtop.monitor/1";

    @JsonProperty("schema")
    public String schema() {
        return SCHEMA;
    }

    /** The same data marked with the error that stopped a later refresh. */
    public DashboardSnapshot failed(String message) {
        return new DashboardSnapshot(takenAt, window, message, header, domainsAsOf, domainsTotal,
            windowTotalHits, domains, bursts, elected, jobs, storage, probes, statuses, goals, detail, queryMillis);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return domains.isEmpty();
    }

    public record Header(String runtime, String edition, @JsonProperty("timescaledb_version") String timescaledbVersion,
                         String database, @JsonProperty("database_size_bytes") long databaseSizeBytes,
                         @JsonProperty("rows_per_second_now") double rowsPerSecondNow,
                         @JsonProperty("rows_per_second_last_minute") double rowsPerSecondLastMinute,
                         @JsonProperty("kafka_lag") Long kafkaLag) {
    }

    /**
     * One domain's traffic: hits in the minute under way (committed so far), in the last complete
     * 1, 10 and 60 minutes, in the chosen window
     * and the period before it, its classification, and hits per minute over the last 30 minutes
     * (oldest first).
     */
    public record DomainRow(String domain,
                            @JsonProperty("hits_now") long hitsNow,
                            @JsonProperty("hits_1m") long hits1m,
                            @JsonProperty("hits_10m") long hits10m,
                            @JsonProperty("hits_1h") long hits1h,
                            @JsonProperty("window_hits") long windowHits,
                            @JsonProperty("previous_window_hits") long previousWindowHits,
                            String level, String trend,
                            @JsonProperty("burst") boolean burst,
                            @JsonProperty("baseline_median") double baselineMedian,
                            @JsonProperty("last_30_minutes") List<Long> last30Minutes) {

        /** How many times its baseline the last minute is; what makes a burst. */
        @JsonProperty("burst_multiple")
        public double burstMultiple() {
            return hits1m / Math.max(baselineMedian, 1);
        }

        /** Change of the window against the period before it, in percent; null without a base. */
        @JsonProperty("window_change_percent")
        public Double windowChangePercent() {
            return previousWindowHits == 0 ? null
                : 100.0 * (windowHits - previousWindowHits) / previousWindowHits;
        }
    }

    /** A website of the latest election; previousRank is null for a newcomer. */
    public record ElectedRow(int rank, String domain, double score,
                             @JsonProperty("total_hits") long totalHits,
                             @JsonProperty("recent_hits") long recentHits,
                             @JsonProperty("previous_rank") Integer previousRank,
                             @JsonProperty("elected_at") Instant electedAt,
                             @JsonIgnore boolean hadPreviousElection) {

        /** new, up N, down N or same, against the election before. */
        public String movement() {
            if (previousRank == null) {
                return "new";
            }
            if (previousRank > rank) {
                return "up " + (previousRank - rank);
            }
            return previousRank < rank ? "down " + (rank - previousRank) : "same";
        }
    }

    public record StorageRow(String object, String kind,
                             @JsonProperty("total_bytes") long totalBytes, long chunks,
                             @JsonProperty("compressed_chunks") long compressedChunks,
                             @JsonProperty("compression_ratio") Double compressionRatio,
                             String compression, String retention) {
    }

    /**
     * A probed target as probe_state sees it, with its recent latency and 24-hour uptime, when its
     * open incident at this location began (null when none is open), and whether its alerts are
     * silenced now (a silence or maintenance window).
     */
    public record ProbeRow(String target, String location, String state,
                           @JsonProperty("last_check") Instant lastCheck,
                           @JsonProperty("last_outcome") String lastOutcome,
                           @JsonProperty("uptime_24h_percent") Double uptime24h,
                           @JsonProperty("last_30_total_ms") List<Double> latencies,
                           @JsonProperty("cert_days_left") Long certDaysLeft,
                           @JsonProperty("incident_since") Instant incidentSince,
                           boolean silenced) {
    }

    /** A domain's requests over the window and the share of them answered 4xx or 5xx. */
    public record StatusRow(String domain, long requests, @JsonProperty("errors_4xx") long errors4xx,
                            @JsonProperty("errors_5xx") long errors5xx,
                            @JsonProperty("error_percent") double errorPercent) {
    }

    /**
     * A goal over the hours the window began in: completions, the visitors who completed it, the
     * domain's visitors, and the conversion rate (null without visitors), as `report goals`.
     */
    public record GoalRow(long id, String domain, String goal, long completions, long converted, long visitors,
                          @JsonProperty("conversion_rate") Double conversionRate) {
    }

    /**
     * The drill-down on one domain: its last hour minute by minute, its elections, and since the
     * start of the hour the window began in, its unique visitors and its busiest values per
     * breakdown (page, entry, referrer, utm_campaign, status, not_found, browser, os, device, ...).
     */
    public record Detail(String domain, @JsonProperty("per_minute") List<Long> perMinute,
                         List<ElectionEntry> elections, Instant since, long visitors,
                         Map<String, List<Count>> breakdowns) {
    }

    /** One value of a breakdown and how often it was seen. */
    public record Count(String value, long count) {
    }

    public record ElectionEntry(@JsonProperty("elected_at") Instant electedAt, int rank, double score) {
    }
}
