package dev.webtop.db;

import java.time.Duration;
import java.time.OffsetDateTime;

/** One row of webtop_jobs: a job of webtop's and how its runs went. */
public record Job(long id, String name, String kind, Duration schedule, String config,
                  OffsetDateTime lastRun, String lastStatus, long totalRuns, long failures,
                  OffsetDateTime nextRun) {
}
