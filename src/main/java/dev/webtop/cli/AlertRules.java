package dev.webtop.cli;

import dev.webtop.alert.AlertCatalog;
import dev.webtop.alert.AlertRule;
import dev.webtop.alert.Subjects;
import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `webtop alert add|remove`: when alerts fire, and whom they tell. */
final class AlertRules {
    private AlertRules() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a rule: what to watch, when to fire, whom to tell. KIND is one of:",
            "  down         a probe target is down from N locations (--locations, 1)",
            "  slow         its last N checks from a location were slow (--checks, 3)",
            "  certificate  its certificate chain ends within N days (--days, 14)",
            "  burst        a domain's traffic bursts (the dashboard's rule)",
            "  dark         no page view for --quiet, or an hour under --below %% of usual",
            "  job          a job of webtop's failed N runs in a row (--failures, 3)",
            "  source       a log that ingest --follow reads gave no line for --quiet",
            "  database     serve could not reach the database for --quiet (1m)",
            "Without --target, --domain, --job or --source, the rule watches every one of its kind. Each alert is "
                + "followed by its resolution; --remind repeats it while it lasts."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop alert add down --target https://example.com --locations 2 --channel ops --channel mail",
            "  ./webtop alert add slow --checks 5 --channel ops",
            "  ./webtop alert add dark --domain example.com --quiet 15m --below 20 --remind 4h --channel ops",
            "  ./webtop alert add source --source /var/log/nginx/access.log --quiet 30m --channel ops"})
    static final class Add extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "KIND", description = "down, slow, certificate, burst, dark, job, source or database.")
        String kind;

        @Option(names = "--target", paramLabel = "URL", description = "The probe target (down, slow, certificate).")
        String target;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "The domain (burst, dark).")
        String domain;

        @Option(names = "--job", paramLabel = "NAME", description = "The job, as webtop setup --list names it (job).")
        String job;

        @Option(names = "--source", paramLabel = "PATH", description = "The access log ingest --follow reads (source).")
        String source;

        @Option(names = "--channel", paramLabel = "NAME", required = true, description = "Tell this channel (repeatable).")
        List<String> channels = new ArrayList<>();

        @Option(names = "--locations", paramLabel = "N", defaultValue = "1", description = "down: from how many locations.")
        int locations;

        @Option(names = "--checks", paramLabel = "N", description = "slow: how many degraded checks in a row (3).")
        Integer checks;

        @Option(names = "--days", paramLabel = "N", description = "certificate: how many days before its end (14).")
        Integer days;

        @Option(names = "--failures", paramLabel = "N", description = "job: how many failed runs in a row (3).")
        Integer failures;

        @Option(names = "--quiet", paramLabel = "DURATION", description = "dark, source, database: how long without "
            + "page views, new lines, or the database (database: 1m).")
        String quiet;

        @Option(names = "--below", paramLabel = "PERCENT", description = "dark: an hour under this share of usual.")
        Integer below;

        @Option(names = "--remind", paramLabel = "DURATION", description = "Repeat while it fires, this often.")
        String remind;

        @Override
        protected int execute() {
            AlertRule.Kind parsed = AlertRule.Kind.parse(kind);
            String watches = watches(parsed);
            onlyFor(quiet, "--quiet", parsed, AlertRule.Kind.DARK, AlertRule.Kind.SOURCE, AlertRule.Kind.DATABASE);
            onlyFor(below, "--below", parsed, AlertRule.Kind.DARK);
            onlyFor(checks, "--checks", parsed, AlertRule.Kind.SLOW);
            onlyFor(days, "--days", parsed, AlertRule.Kind.CERTIFICATE);
            onlyFor(failures, "--failures", parsed, AlertRule.Kind.JOB);
            AlertRule rule = new AlertRule(0, parsed, watches, locations,
                orDefault(parsed == AlertRule.Kind.SLOW, checks, 3),
                orDefault(parsed == AlertRule.Kind.CERTIFICATE, days, 14),
                orDefault(parsed == AlertRule.Kind.JOB, failures, 3),
                quiet != null ? Durations.parse("--quiet", quiet)
                    : parsed == AlertRule.Kind.DATABASE ? Duration.ofMinutes(1) : null,
                below, remind == null ? null : Durations.parse("--remind", remind), channels);
            long id = new AlertCatalog(db.target(environment())).addRule(rule);
            out().println("Rule " + id + ": " + rule.kind().label() + " " + rule.subject() + " (" + rule.condition()
                + ") tells " + String.join(", ", rule.channels()));
            return ExitCode.OK;
        }

        /** What the rule watches, from the one option of its kind; another kind's option is bad input. */
        private String watches(AlertRule.Kind parsed) {
            Map<String, String> given = new LinkedHashMap<>();
            given.put("target", target);
            given.put("domain", domain);
            given.put("job", job);
            given.put("source", source);
            given.forEach((option, value) -> {
                if (value != null && !option.equals(parsed.watches())) {
                    throw WebtopException.badInput("--" + option + " does not go with a " + parsed.label() + " alert"
                        + (parsed.watches() == null ? "" : "; it watches a " + parsed.watches() + " (--"
                            + parsed.watches() + ")"));
                }
            });
            return parsed.watches() == null ? null : switch (parsed.watches()) {
                case "target" -> Subjects.target(target);
                case "domain" -> Subjects.domain(domain);
                case "source" -> Subjects.source(source);
                default -> job;
            };
        }

        private static void onlyFor(Object value, String option, AlertRule.Kind parsed, AlertRule.Kind... kinds) {
            if (value != null && !List.of(kinds).contains(parsed)) {
                throw WebtopException.badInput(option + " goes with " + String.join(" and ",
                    Stream.of(kinds).map(AlertRule.Kind::label).toList()) + " alerts, not " + parsed.label());
            }
        }

        /** The value given, or for the kind that needs it its default; null for the other kinds. */
        private static Integer orDefault(boolean needed, Integer given, int fallback) {
            return given != null || !needed ? given : Integer.valueOf(fallback);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a rule; what it is firing is forgotten without a resolution.")
    static final class Remove extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "ID", description = "The rule's id, as webtop alert list shows it.")
        long id;

        @Override
        protected int execute() {
            if (!new AlertCatalog(db.target(environment())).removeRule(id)) {
                throw WebtopException.badInput("no rule " + id + "; webtop alert list shows them");
            }
            out().println("Removed rule " + id);
            return ExitCode.OK;
        }
    }
}
