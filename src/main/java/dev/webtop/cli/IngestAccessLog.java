package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.Messages;
import dev.webtop.ingest.AccessLogIngest;
import dev.webtop.kafka.KafkaSettings;
import dev.webtop.kafka.LogShipper;
import dev.webtop.ingest.AccessLogOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "access-log", mixinStandardHelpOptions = true,
    description = {"Read web server access logs (plain or .gz) into logs, exactly once: each batch is "
        + "committed with the file's position, so a rerun or a restart goes on where the last one stopped.",
        "--follow keeps reading new lines like tail -F, through rename and copy-truncate rotation.",
        "A user is a daily-salted hash of address and user agent (the address itself is kept only with "
            + "--keep-ip); a session ends after 30 minutes without a request; page views (GET or HEAD, "
            + "2xx or 304, not a static file), assets, redirects and errors are told apart.",
        "Lines that cannot be read are counted by reason (--rejects FILE keeps the first 100); "
            + "exit 1 when more than --max-reject-ratio of the lines were rejected."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop ingest access-log /var/log/nginx/access.log --domain example.com --follow",
        "  ./webtop ingest access-log --format vcombined /var/log/apache2/other_vhosts_access.log*",
        "  ./webtop ingest access-log --format json /var/log/nginx/access.json --domain example.com",
        "  ./webtop ingest access-log --log-format '$remote_addr [$time_local] \"$request\" $status' app.log --domain a.example",
        "  ./webtop ingest access-log /var/log/nginx/access.log --follow --kafka broker:9092   (a log shipper)"})
final class IngestAccessLog extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Mixin
    BatchOptions batch;

    @Mixin
    JsonOutput output;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Access log files, plain or .gz.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "NAME", defaultValue = "combined",
        description = "combined, common, vcombined or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--log-format", paramLabel = "STRING", description = "An nginx log_format or Apache LogFormat string.")
    String logFormat;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "The site's name, for formats without a virtual host.")
    String domain;

    @Option(names = "--follow", description = "Keep reading new lines until interrupted (one PATH).")
    boolean follow;

    @Option(names = "--from-start", description = {"Read the files from their first line, forgetting where the "
        + "last run stopped: to import again what retention dropped, after raising it (lines whose rows are still "
        + "stored would be counted twice)."})
    boolean fromStart;

    @Option(names = "--keep-ip", description = "Store the client address too.")
    boolean keepIp;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write the first 100 rejected lines here, with their reason.")
    Path rejects;

    @Option(names = "--max-reject-ratio", paramLabel = "R", defaultValue = "0.1",
        description = "Exit 1 above this share of rejected lines (default: ${DEFAULT-VALUE}).")
    double maxRejectRatio;

    @Mixin
    KafkaOptions kafka;

    private volatile ProgressLine progress;   // set while the run goes on

    @Override
    protected int execute() throws Exception {
        AccessLogOptions options = new AccessLogOptions(AccessLogOptions.format(format, logFormat), domain, keepIp,
            follow, fromStart, rejects, batch.batchSize(), maxRejectRatio);
        options.check(paths);
        KafkaSettings publish = kafka.settings();
        AccessLogIngest ingest = publish == null ? new AccessLogIngest(db.target(environment()), options, this::notice)
            : new AccessLogIngest(stopping -> new LogShipper(publish, db.target(environment()),
                db.config(environment()).home().resolve("kafka-positions"), follow, this::notice, stopping), options, this::notice);
        try (StopOnSignal signal = new StopOnSignal(ingest::stop);
             ProgressLine shown = batch.progress(this, "ingest", kafka.enabled(), output.json, ingest::stored, -1, ingest::rejectsSoFar)) {
            progress = shown;
            AccessLogIngest.Summary summary = ingest.run(paths);
            shown.close();
            print(summary);
            if (summary.rejectedShare() > maxRejectRatio) {
                warn(String.format(Locale.ROOT, "%.1f %% of the lines were rejected, above --max-reject-ratio %s",
                    100 * summary.rejectedShare(), maxRejectRatio));
                return ExitCode.PROBLEM_FOUND;
            }
            return ExitCode.OK;
        }
    }

    /** Said while the run goes on (a lost database), between its progress lines. */
    private void notice(String line) {
        ProgressLine shown = progress;
        if (shown != null) {
            shown.notice("webtop: " + Messages.oneLine(line));
        } else {
            warn(line);
        }
    }

    private void print(AccessLogIngest.Summary s) {
        if (output.json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("lines", s.lines());
            fields.put("stored", s.stored());
            fields.put("rejected", s.rejected());
            fields.put("rejects", s.rejects());
            fields.put("events", s.events());
            fields.put("bots", s.bots());
            fields.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
            fields.put("stopped", s.stopped());
            fields.put("too_old", s.tooOld());
            fields.put("retention", s.retention());
            out().println(Json.write(fields));
        } else {
            out().printf(Locale.ROOT, "%,d lines read, %,d rows " + (kafka.enabled() ? "acknowledged by Kafka" : "stored") + " in %.1f s (%,.0f lines/s); %,d rejected%s; "
                    + "%,d flagged as bots%n", s.lines(), s.stored(), s.seconds(),
                s.seconds() > 0 ? s.lines() / s.seconds() : 0, s.rejected(),
                s.rejects().isEmpty() ? "" : " " + s.rejects(), s.bots());
            if (!s.events().isEmpty()) {
                out().println("events: " + s.events());
            }
            if (s.retention() != null) {
                out().println(s.retention());
            }
            if (s.tooOldAdvice() != null) {
                out().println(s.tooOldAdvice());
            }
        }
        out().flush();
    }
}
