package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.Messages;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DomainNames;
import dev.webtop.config.Durations;
import dev.webtop.generate.LoadProgress;
import dev.webtop.ingest.AccessLogFormat;
import dev.webtop.ingest.AccessLogIngest;
import dev.webtop.ingest.DnsIngest;
import dev.webtop.ingest.Tcpdump;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `webtop ingest ...`: real traffic into logs. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read real traffic into logs: web server access logs, and the domains queried on this network.",
    subcommands = {Ingest.AccessLog.class, Ingest.Dns.class})
public final class Ingest implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a source: access-log or dns");
    }

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
            "  ./webtop ingest access-log --log-format '$remote_addr [$time_local] \"$request\" $status' app.log --domain a.example"})
    static final class AccessLog extends WebtopCommand {
        @Mixin
        DbOptions db;

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

        @Option(names = "--keep-ip", description = "Store the client address too.")
        boolean keepIp;

        @Option(names = "--rejects", paramLabel = "FILE", description = "Write the first 100 rejected lines here, with their reason.")
        Path rejects;

        @Option(names = "--max-reject-ratio", paramLabel = "R", defaultValue = "0.1",
            description = "Exit 1 above this share of rejected lines (default: ${DEFAULT-VALUE}).")
        double maxRejectRatio;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "20000", description = "Rows per commit at most (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--reporting-period", paramLabel = "DURATION", defaultValue = "10s",
            description = "Without a terminal, a progress line this often (default: ${DEFAULT-VALUE}).")
        String reportingPeriod;

        @Option(names = "--json", description = "Print the summary as JSON.")
        boolean json;

        private volatile LoadProgress progress;   // set while the run goes on

        @Override
        protected int execute() throws Exception {
            if (follow && paths.size() != 1) {
                throw WebtopException.badInput("--follow reads one file: give one PATH");
            }
            if (!(maxRejectRatio >= 0 && maxRejectRatio <= 1)) {
                throw WebtopException.badInput("--max-reject-ratio must be from 0 to 1, like 0.1");
            }
            if (batchSize < 1 || batchSize > 1_000_000) {
                throw WebtopException.badInput("--batch-size must be from 1 to 1000000");
            }
            if (domain != null && !DomainNames.isValid(domain)) {
                throw WebtopException.badInput("--domain '" + domain + "' is not a domain name; use one like example.com");
            }
            AccessLogFormat chosen = logFormat != null ? AccessLogFormat.custom(logFormat) : AccessLogFormat.of(format);
            for (Path path : paths) {
                if (Files.isDirectory(path) || !follow && !Files.isReadable(path)) {
                    throw WebtopException.badInput(path + (Files.isDirectory(path) ? " is a folder" : " cannot be read")
                        + "; give access log files" + (follow ? "" : " (--follow waits for one that is not there yet)"));
                }
            }
            if (rejects != null && !Files.isWritable(rejects.toAbsolutePath().getParent())) {
                throw WebtopException.badInput("--rejects " + rejects + ": its folder does not exist or is not writable");
            }
            AccessLogIngest ingest = new AccessLogIngest(db.target(environment()), new AccessLogIngest.Options(chosen, domain, keepIp,
                follow, rejects, batchSize), this::notice);
            try (StopOnSignal signal = new StopOnSignal(ingest::stop);
                 LoadProgress progress = new LoadProgress(err(), "ingest", terminal() && !json,
                     Durations.parse("--reporting-period", reportingPeriod).toMillis(), ingest::stored, -1, ingest::rejectsSoFar)) {
                this.progress = progress;
                AccessLogIngest.Summary summary = ingest.run(paths);
                progress.close();
                print(summary);
                double ratio = summary.lines() == 0 ? 0 : (double) summary.rejected() / summary.lines();
                if (ratio > maxRejectRatio) {
                    err().printf(Locale.ROOT, "webtop: %.1f %% of the lines were rejected, above --max-reject-ratio %s%n",
                        100 * ratio, maxRejectRatio);
                    return ExitCode.PROBLEM_FOUND;
                }
                return ExitCode.OK;
            }
        }

        /** Said while the run goes on (a lost database), between its progress lines. */
        private void notice(String line) {
            LoadProgress shown = progress;
            if (shown != null) {
                shown.notice("webtop: " + Messages.oneLine(line));
            } else {
                warn(line);
            }
        }

        private void print(AccessLogIngest.Summary s) {
            if (json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("lines", s.lines());
                fields.put("stored", s.stored());
                fields.put("rejected", s.rejected());
                fields.put("rejects", s.rejects());
                fields.put("events", s.events());
                fields.put("bots", s.bots());
                fields.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
                fields.put("stopped", s.stopped());
                out().println(Json.write(fields));
            } else {
                out().printf(Locale.ROOT, "%,d lines read, %,d rows stored in %.1f s (%,.0f lines/s); %,d rejected%s; "
                        + "%,d flagged as bots%n", s.lines(), s.stored(), s.seconds(),
                    s.seconds() > 0 ? s.lines() / s.seconds() : 0, s.rejected(),
                    s.rejects().isEmpty() ? "" : " " + s.rejects(), s.bots());
                if (!s.events().isEmpty()) {
                    out().println("events: " + s.events());
                }
            }
            out().flush();
        }
    }

    @Command(name = "dns", mixinStandardHelpOptions = true,
        description = {"Store the domains queried on this network (A, AAAA and HTTPS questions seen by tcpdump on "
            + "UDP port 53) in logs, with source dns; reverse lookups and a question seen twice within a "
            + "second are left out. Ctrl-C or SIGTERM stops tcpdump and stores the last batch.",
            "Capturing needs root or CAP_NET_RAW; without them, --from-file reads tcpdump's saved text "
                + "output (tcpdump -l -n -tt ... > file), or - for stdin."},
        footerHeading = "%nExamples:%n",
        footer = {"  sudo ./webtop ingest dns", "  ./webtop ingest dns --interface eth0",
            "  tcpdump -l -n -tt -i any udp dst port 53 | ./webtop ingest dns --from-file -"})
    static final class Dns extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Option(names = "--interface", paramLabel = "NAME", defaultValue = "any", description = "Where to listen (default: ${DEFAULT-VALUE}).")
        String networkInterface;

        @Option(names = "--from-file", paramLabel = "FILE", description = "tcpdump's text output instead of capturing (- for stdin).")
        String fromFile;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500", description = "Rows per commit at most (default: ${DEFAULT-VALUE}); a batch waits 1 s at most.")
        int batchSize;

        @Override
        protected int execute() throws Exception {
            if (batchSize < 1 || batchSize > 100_000) {
                throw WebtopException.badInput("--batch-size must be from 1 to 100000");
            }
            DnsIngest ingest = new DnsIngest(db.target(environment()), batchSize);
            Tcpdump capture = fromFile == null ? Tcpdump.start(networkInterface) : null;
            BufferedReader input;
            if (capture != null) {
                input = capture.packets();
            } else if (fromFile.equals("-")) {
                input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            } else {
                try {
                    input = Files.newBufferedReader(Path.of(fromFile), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw WebtopException.badInput("cannot read " + fromFile + ": " + e.getMessage());
                }
            }
            long stored;
            try (StopOnSignal signal = new StopOnSignal(() -> {
                ingest.stop();
                if (capture != null) {
                    capture.interrupt();
                }
            })) {
                stored = ingest.run(input);
                String dropped = capture == null ? null : capture.stop();
                out().printf(Locale.ROOT, "%,d queries stored (%,d duplicates left out)%s%n", stored, ingest.duplicates(),
                    dropped == null ? "" : "; tcpdump: " + dropped);
                out().flush();
            }
            if (capture != null && capture.failed() && stored == 0) {
                return ExitCode.FAILURE;
            }
            return ExitCode.OK;
        }
    }
}
