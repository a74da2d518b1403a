package dev.webtop.cli;

import dev.webtop.alert.AlertCatalog;
import dev.webtop.alert.AlertSilence;
import dev.webtop.alert.Subjects;
import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `webtop alert silence|unsilence`: when nothing is sent. */
final class AlertSilences {
    private AlertSilences() {
    }

    @Command(name = "silence", mixinStandardHelpOptions = true,
        description = {"Send nothing about a target or a domain for a while, or every week at the same time. "
            + "Checks still run and are stored. A domain's silence covers the probe targets on it and its "
            + "subdomains too. An alert still firing when the silence ends is sent then."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./webtop alert silence --target https://example.com --for 2h --reason 'database upgrade'",
            "  ./webtop alert silence --domain example.com --weekly sun --from 02:00 --to 04:00 --time-zone Europe/Paris"})
    static final class Silence extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Option(names = "--target", paramLabel = "URL", description = "The probe target.")
        String target;

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "The domain (and the targets on it).")
        String domain;

        @Option(names = "--for", paramLabel = "DURATION", description = "From now, this long.")
        String duration;

        @Option(names = "--weekly", paramLabel = "DAYS", description = "Every week on these days: mon,thu or mon-fri.")
        String weekly;

        @Option(names = "--from", paramLabel = "HH:MM", description = "The weekly window's start.")
        String from;

        @Option(names = "--to", paramLabel = "HH:MM", description = "The weekly window's end (before --from: past midnight).")
        String to;

        @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "The weekly window's time zone (default: ${DEFAULT-VALUE}).")
        String zone;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the list.")
        String reason;

        @Override
        protected int execute() {
            if ((duration == null) == (weekly == null)) {
                throw WebtopException.badInput("a silence needs either --for DURATION or --weekly DAYS --from HH:MM "
                    + "--to HH:MM");
            }
            AlertSilence silence;
            if (duration != null) {
                Duration length = Durations.parse("--for", duration);
                Instant now = Instant.now();
                silence = new AlertSilence(0, Subjects.target(target), Subjects.domain(domain), now, now.plus(length),
                    null, null, null, null, reason);
            } else {
                if (from == null || to == null) {
                    throw WebtopException.badInput("--weekly needs --from HH:MM and --to HH:MM");
                }
                silence = new AlertSilence(0, Subjects.target(target), Subjects.domain(domain), null, null,
                    AlertSilence.parseDays(weekly), AlertSilence.time("--from", from), AlertSilence.time("--to", to),
                    AlertSilence.zone(zone), reason);
            }
            long id = new AlertCatalog(db.target(environment())).addSilence(silence);
            out().println("Silence " + id + ": " + silence.subject() + " " + silence.when());
            return ExitCode.OK;
        }
    }

    @Command(name = "unsilence", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Unsilence extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Parameters(paramLabel = "ID", description = "The silence's id, as webtop alert list shows it.")
        long id;

        @Override
        protected int execute() {
            if (!new AlertCatalog(db.target(environment())).removeSilence(id)) {
                throw WebtopException.badInput("no silence " + id + "; webtop alert list shows them");
            }
            out().println("Removed silence " + id);
            return ExitCode.OK;
        }
    }
}
