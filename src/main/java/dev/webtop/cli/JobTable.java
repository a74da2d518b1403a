package dev.webtop.cli;

import dev.webtop.config.Durations;
import dev.webtop.db.Job;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** webtop's jobs as a table, for `setup --list` and `reset`. */
final class JobTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
    private static final String FORMAT = "%6s  %-30s  %-7s  %5s  %-14s  %-9s  %6s  %6s  %-14s%n";

    private JobTable() {
    }

    static void print(List<Job> jobs, PrintWriter out) {
        out.printf(FORMAT, "ID", "NAME", "KIND", "EVERY", "LAST RUN", "STATUS", "RUNS", "FAILED",
            "NEXT RUN");
        for (Job job : jobs) {
            out.printf(FORMAT, job.id(), job.name(), job.kind(), Durations.format(job.schedule()),
                time(job.lastRun()), job.lastStatus() == null ? "-" : job.lastStatus(),
                job.totalRuns(), job.failures(), time(job.nextRun()));
        }
        out.printf("%d job%s%n", jobs.size(), jobs.size() == 1 ? "" : "s");
    }

    private static String time(OffsetDateTime time) {
        return time == null ? "-" : time.atZoneSameInstant(ZoneId.systemDefault()).format(TIME);
    }
}
