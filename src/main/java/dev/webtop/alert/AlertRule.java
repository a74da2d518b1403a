package dev.webtop.alert;

import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * When to tell someone, and whom. A rule watches one probe target or one domain, or (with
 * neither) every target or every domain, each of which fires on its own.
 *
 * @param locations down: how many locations must see the target down
 * @param checks slow: how many degraded checks in a row from one location
 * @param days certificate: how many days before the chain ends
 * @param quiet dark: how long without a page view
 * @param belowPercent dark: the last full hour under this share of the same hour in earlier weeks
 * @param remind repeat while it fires, or null
 */
public record AlertRule(long id, Kind kind, String target, String domain, int locations, Integer checks,
                        Integer days, Duration quiet, Integer belowPercent, Duration remind, List<String> channels) {

    public enum Kind {
        DOWN, SLOW, CERTIFICATE, BURST, DARK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean aboutTargets() {
            return this == DOWN || this == SLOW || this == CERTIFICATE;
        }

        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.label().equals(text)) {
                    return kind;
                }
            }
            throw WebtopException.badInput("'" + text + "' is not a kind of alert; use down, slow, certificate, "
                + "burst or dark");
        }
    }

    public AlertRule {
        channels = List.copyOf(channels);
    }

    /** What it watches, as lists show it. */
    public String subject() {
        if (kind.aboutTargets()) {
            return target == null ? "every target" : target;
        }
        return domain == null ? "every domain" : domain;
    }

    /** Its thresholds in words: "from 2 locations", "3 checks", "14 days", "quiet 10m, below 20 %". */
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
        };
    }

    /** Checks what the database would refuse, with a message that says what is accepted. */
    AlertRule validated() {
        if (channels.isEmpty()) {
            throw WebtopException.badInput("name at least one channel to tell (--channel NAME; webtop alert channel "
                + "add creates one)");
        }
        if (kind.aboutTargets() && domain != null) {
            throw WebtopException.badInput("a " + kind.label() + " alert watches probe targets: use --target URL, "
                + "not --domain");
        }
        if (!kind.aboutTargets() && target != null) {
            throw WebtopException.badInput("a " + kind.label() + " alert watches a domain's traffic: use --domain, "
                + "not --target");
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
        if (kind == Kind.DARK && quiet == null && belowPercent == null) {
            throw WebtopException.badInput("a dark alert needs --quiet DURATION (no page view for that long), "
                + "--below PERCENT (an hour under that share of usual), or both");
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
