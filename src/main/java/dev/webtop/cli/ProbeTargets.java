package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import dev.webtop.probe.ProbeTarget;
import dev.webtop.probe.StatusSet;
import dev.webtop.probe.TargetCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `probe add`, `probe remove` and `probe list`: the targets a bare `webtop probe` checks. */
final class ProbeTargets {
    private ProbeTargets() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Keep a target in the database, with its rules; adding it again replaces them.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop probe add https://example.com --match '<title>Example'",
            "  ./webtop probe add https://api.example/health --expect-status 200,204 --max-latency 300ms"})
    static final class Add extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "URL", description = "The target.")
        String url;

        @Option(names = "--match", paramLabel = "REGEX", description = "The body must match (repeatable).")
        List<String> match = new ArrayList<>();

        @Option(names = "--no-match", paramLabel = "REGEX", description = "The body must not match (repeatable).")
        List<String> noMatch = new ArrayList<>();

        @Option(names = "--expect-status", paramLabel = "CODES", defaultValue = "200-299",
            description = "Accepted statuses (default: ${DEFAULT-VALUE}).")
        String expectStatus;

        @Option(names = "--max-latency", paramLabel = "DURATION", description = "Slower than this is degraded.")
        String maxLatency;

        @Option(names = "--min-cert-days", paramLabel = "N", description = "Fewer days left is cert_expiring.")
        Integer minCertDays;

        @Override
        protected int execute() {
            if (minCertDays != null && minCertDays < 0) {
                throw WebtopException.badInput("--min-cert-days cannot be negative");
            }
            ProbeTarget target = ProbeTarget.of(url, StatusSet.parse(expectStatus), match, noMatch,
                maxLatency == null ? null : Durations.parse("--max-latency", maxLatency), "URL").withMinCertDays(minCertDays);
            new TargetCatalog(db.target(environment())).add(target);
            out().println("Added " + target.url());
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Stop checking a kept target.",
        footerHeading = "%nExamples:%n", footer = "  ./webtop probe remove https://example.com")
    static final class Remove extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "URL", description = "The target, as `probe list` shows it.")
        String url;

        @Override
        protected int execute() {
            if (!new TargetCatalog(db.target(environment())).remove(url)) {
                throw WebtopException.badInput("no kept target " + url + "; see ./webtop probe list");
            }
            out().println("Removed " + url);
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The kept targets and their rules.",
        footerHeading = "%nExamples:%n", footer = "  ./webtop probe list")
    static final class ListTargets extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Override
        protected int execute() {
            List<ProbeTarget> targets = new TargetCatalog(db.target(environment())).list();
            String format = "%-48s %-12s %-24s %-24s %8s %5s%n";
            out().printf(format, "URL", "STATUS", "MATCH", "NO MATCH", "MAX MS", "CERT");
            for (ProbeTarget t : targets) {
                out().printf(format, t.url(), t.expectStatus().text(), join(t.match()), join(t.noMatch()),
                    t.maxLatency() == null ? "-" : t.maxLatency().toMillis(),
                    t.minCertDays() == null ? "-" : t.minCertDays());
            }
            out().println(targets.size() + " target" + (targets.size() == 1 ? "" : "s"));
            return ExitCode.OK;
        }

        private static String join(List<Pattern> patterns) {
            return patterns.isEmpty() ? "-" : String.join(" ", patterns.stream().map(p -> "/" + p.pattern() + "/").toList());
        }
    }
}
