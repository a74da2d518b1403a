package dev.webtop.cli;

import dev.webtop.alert.AlertCatalog;
import dev.webtop.alert.AlertRule;
import dev.webtop.alert.Subjects;
import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `webtop alert add|remove`: when alerts fire, and whom they tell. */
final class AlertRules {
    private AlertRules() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a rule. KIND is one of:",
            "  down         a probe target is down (its incident opened) from --locations N locations (default 1)",
            "  slow         its last --checks N checks from one location were degraded (default 3)",
            "  certificate  its certificate chain ends within --days N days (default 14)",
            "  burst        a domain's traffic bursts (the dashboard's rule)",
            "  dark         a domain has no page view for --quiet DURATION, or its last full hour had under "
                + "--below PERCENT of that hour in the weeks before",
            "Without --target or --domain, the rule watches every target or every domain. Each alert is "
                + "followed by its resolution; --remind repeats it while it lasts."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop alert add down --target https://example.com --locations 2 --channel ops --channel mail",
            "  ./webtop alert add slow --checks 5 --channel ops",
            "  ./webtop alert add dark --domain example.com --quiet 15m --below 20 --remind 4h --channel ops"})
    static final class Add extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "KIND", description = "down, slow, certificate, burst or dark.")
        String kind;

        @Option(names = "--target", paramLabel = "URL", description = "The probe target (down, slow, certificate).")
        String target;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "The domain (burst, dark).")
        String domain;

        @Option(names = "--channel", paramLabel = "NAME", required = true, description = "Tell this channel (repeatable).")
        List<String> channels = new ArrayList<>();

        @Option(names = "--locations", paramLabel = "N", defaultValue = "1", description = "down: from how many locations.")
        int locations;

        @Option(names = "--checks", paramLabel = "N", description = "slow: how many degraded checks in a row.")
        Integer checks;

        @Option(names = "--days", paramLabel = "N", description = "certificate: how many days before its end.")
        Integer days;

        @Option(names = "--quiet", paramLabel = "DURATION", description = "dark: how long without a page view.")
        String quiet;

        @Option(names = "--below", paramLabel = "PERCENT", description = "dark: an hour under this share of usual.")
        Integer below;

        @Option(names = "--remind", paramLabel = "DURATION", description = "Repeat while it fires, this often.")
        String remind;

        @Override
        protected int execute() {
            AlertRule.Kind parsed = AlertRule.Kind.parse(kind);
            if (parsed != AlertRule.Kind.DARK && (quiet != null || below != null)) {
                throw WebtopException.badInput("--quiet and --below go with dark alerts");
            }
            AlertRule rule = new AlertRule(0, parsed, Subjects.target(target), Subjects.domain(domain), locations,
                orDefault(parsed == AlertRule.Kind.SLOW, checks, 3),
                orDefault(parsed == AlertRule.Kind.CERTIFICATE, days, 14),
                quiet == null ? null : Durations.parse("--quiet", quiet), below,
                remind == null ? null : Durations.parse("--remind", remind), channels);
            long id = new AlertCatalog(db.target(environment())).addRule(rule);
            out().println("Rule " + id + ": " + rule.kind().label() + " " + rule.subject() + " (" + rule.condition()
                + ") tells " + String.join(", ", rule.channels()));
            return ExitCode.OK;
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
