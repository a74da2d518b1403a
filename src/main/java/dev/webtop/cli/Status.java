package dev.webtop.cli;

import dev.webtop.base.Json;
import dev.webtop.config.WebtopConfig;
import dev.webtop.db.ServerInfo;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Runtimes;
import dev.webtop.status.KafkaLag;
import dev.webtop.status.StatusReport;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the database's health: runtime, versions, edition, pg_cron, migrations, size.",
        "Exits 0 when healthy, 1 when reachable but not set up or a job's last run failed, "
            + "3 when unreachable. --json prints the same as one object."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop status",
        "  ./webtop status --json | jq .edition",
        "  ./webtop status >/dev/null || ./webtop start"})
public final class Status extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Mixin
    JsonOutput output;

    @Override
    protected int execute() throws Exception {
        WebtopConfig config = db.config(environment());
        DatabaseRuntime runtime = Runtimes.select(config);
        StatusReport report = StatusReport.collect(runtime.kind().label(), runtime.describe(),
            runtime::target, config.projectRoot());
        if (output.json) {
            out().println(Json.write(report));
        } else if (!report.reachable()) {
            err().println("webtop: " + report.error());
        } else {
            printText(report, out());
        }
        return report.exitCode();
    }

    private static void printText(StatusReport report, PrintWriter out) {
        row(out, "runtime", report.runtime() + " (" + report.runtimeDetail() + ")");
        row(out, "database", report.url());
        row(out, "postgresql", report.postgresVersion());
        row(out, "timescaledb", report.timescaledbVersion() == null ? "not installed"
            : report.timescaledbVersion() + ", edition " + report.edition()
                + (ServerInfo.COMMUNITY.equals(report.edition()) ? " (community)" : ""));
        row(out, "pg_cron", report.pgCron() ? report.pgCronVersion() : "absent");
        row(out, "migrations", report.migrationsApplied() + " applied, "
            + report.migrationsPending() + " pending (schema version " + report.schemaVersion() + ")");
        row(out, "size", humanBytes(report.databaseSizeBytes()));
        if (report.jobs() != null) {
            row(out, "jobs", report.jobs() + (report.jobsFailing().isEmpty() ? ", none failing"
                : ", failing: " + String.join(", ", report.jobsFailing())));
        }
        if (!report.unavailableFeatures().isEmpty()) {
            row(out, "unavailable", String.join(", ", report.unavailableFeatures())
                + " (not in this edition)");
        }
        for (KafkaLag lag : report.kafka()) {
            row(out, "kafka", lag.describe());
        }
        row(out, "state", report.healthy() ? "healthy"
            : report.jobs() == null ? "not set up: run ./webtop setup-db"
            : "a job is failing: see ./webtop setup --list");
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-12s %s%n", label, value);
    }

    static String humanBytes(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format("%.1f %s", value, units[unit]);
    }
}
