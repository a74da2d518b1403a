package dev.webtop.db;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Duration;
import java.time.OffsetDateTime;

/** One row of webtop_jobs: a job of webtop's and how its runs went. */
public record Job(long id, String name, String kind, @JsonIgnore Duration schedule,
                  @JsonRawValue String config,
                  @JsonProperty("last_run") OffsetDateTime lastRun,
                  @JsonProperty("last_status") String lastStatus,
                  @JsonProperty("total_runs") long totalRuns, long failures,
                  @JsonProperty("next_run") OffsetDateTime nextRun) {

    @JsonProperty("schedule_seconds")
    public long scheduleSeconds() {
        return schedule.toSeconds();
    }
}
