package dev.webtop.alert;

import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * When to tell someone, and whom. A rule watches one thing of its kind (a probe target, a domain,
 * a job, an access log) or, with `watches` null, every one of them, each firing on its own.
 *
 * @param locations down: how many locations must see the target down
 * @param checks slow: how many degraded checks in a row from one location
 * @param days certificate: how many days before the chain ends
 * @param failures job: how many failed runs in a row
 * @param quiet dark, source, database: how long without page views, lines, or the database
 * @param belowPercent dark: the last full hour under this share of the same hour in earlier weeks
 * @param remind repeat while it fires, or null
 */
public record AlertRule(long id, Kind kind, String watches, int locations, Integer checks, Integer days,
                        Integer failures, Duration quiet, Integer belowPercent, Duration remind, List<String> channels) {

    /** The kinds of rule, each with the column of alert_rules that names what it watches. */
    public enum Kind {
        DOWN("target"), SLOW("target"), CERTIFICATE("target"), BURST("domain"), DARK("domain"), JOB("job"),
        SOURCE("source"), DATABASE(null);

        private final String watches;

        Kind(String watches) {
            this.watches = watches;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The alert_rules column (and the option) naming what it watches: target, domain, job, source; null for database. */
        public String watches() {
            return watches;
        }

        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.label().equals(text)) {
                    return kind;
                }
            }
            throw WebtopException.badInput("'" + text + "' is not a kind of alert; use down, slow, certificate, "
                + "burst, dark, job, source or database");
        }
    }

    public AlertRule {
        channels = List.copyOf(channels);
    }

    /** What it watches, as lists show it. */
    public String subject() {
        if (kind.watches == null) {
            return "the database";
        }
        return watches != null ? watches : "every " + (kind.watches.equals("source") ? "followed log" : kind.watches);
    }

    /** Its thresholds in words: "from 2 locations", "3 degraded checks in a row", "ends within 14 days". */
    public String condition() {
        return switch (kind) {
            case DOWN -> "from " + locations + " location" + (locations == 1 ? "" : "s");
            case SLOW -> checks + " degraded checks in a row";
            case CERTIFICATE -> "ends within " + days + " days";
            case BURST -> "the dashboard's burst rule";
            case DARK -> String.join(", ", Stream.of(
                    quiet == null ? null : "no page view for " + Durations.format(quiet),
                    belowPercent == null ? null : "an hour under " + belowPercent + " % of usual")
                .filter(Objects::nonNull).toList());
            case JOB -> failures + " failed runs in a row";
            case SOURCE -> "no line for " + Durations.format(quiet);
            case DATABASE -> "away from serve for " + Durations.format(quiet);
        };
    }

    /** Checks what the database would refuse, with a message that says what is accepted. */
    AlertRule validated() {
        if (channels.isEmpty()) {
            throw WebtopException.badInput("name at least one channel to tell (--channel NAME; webtop alert channel "
                + "add creates one)");
        }
        if (locations < 1 || locations > 100) {
            throw WebtopException.badInput("--locations must be between 1 and 100");
        }
        if (kind == Kind.SLOW && (checks == null || checks < 1 || checks > 1000)) {
            throw WebtopException.badInput("--checks must be between 1 and 1000");
        }
        if (kind == Kind.CERTIFICATE && (days == null || days < 1 || days > 3650)) {
            throw WebtopException.badInput("--days must be between 1 and 3650");
        }
        if (kind == Kind.JOB && (failures == null || failures < 1 || failures > 1000)) {
            throw WebtopException.badInput("--failures must be between 1 and 1000");
        }
        if (kind == Kind.DARK && quiet == null && belowPercent == null) {
            throw WebtopException.badInput("a dark alert needs --quiet DURATION (no page view for that long), "
                + "--below PERCENT (an hour under that share of usual), or both");
        }
        if ((kind == Kind.SOURCE || kind == Kind.DATABASE) && quiet == null) {
            throw WebtopException.badInput("a " + kind.label() + " alert needs --quiet DURATION, like 10m");
        }
        if (quiet != null && quiet.compareTo(Duration.ofSeconds(10)) < 0) {
            throw WebtopException.badInput("--quiet must be at least 10s");
        }
        if (belowPercent != null && (belowPercent < 1 || belowPercent > 99)) {
            throw WebtopException.badInput("--below must be a percentage between 1 and 99");
        }
        if (remind != null && remind.compareTo(Duration.ofMinutes(1)) < 0) {
            throw WebtopException.badInput("--remind must be at least 1m");
        }
        return this;
    }
}
