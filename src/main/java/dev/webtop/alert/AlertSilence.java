package dev.webtop.alert;

import dev.webtop.base.WebtopException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A time when nothing is sent about a target (or every target on a domain) or a domain's
 * traffic: once, from startsAt to endsAt, or every week on some days from one time to another in
 * a time zone (a window whose end comes before its start runs past midnight). Checks still run
 * and are stored.
 */
public record AlertSilence(long id, String target, String domain, Instant startsAt, Instant endsAt,
                           List<DayOfWeek> weekdays, LocalTime from, LocalTime to, ZoneId zone, String reason) {

    public AlertSilence {
        weekdays = weekdays == null ? null : List.copyOf(weekdays);
        if ((target == null) == (domain == null)) {
            throw WebtopException.badInput("silence either --target URL or --domain DOMAIN");
        }
        if (weekdays == null && (startsAt == null || endsAt == null || !endsAt.isAfter(startsAt))) {
            throw WebtopException.badInput("a silence needs --for DURATION, or --weekly DAYS with --from and --to");
        }
        if (weekdays != null && (weekdays.isEmpty() || from == null || to == null || from.equals(to))) {
            throw WebtopException.badInput("a weekly window needs --weekly DAYS (like mon,thu), --from HH:MM and "
                + "--to HH:MM, two different times");
        }
    }

    public String subject() {
        return target != null ? target : domain;
    }

    /** When it holds, as lists show it: "until 2026-11-29T12:00:00Z", "mon,sat 02:00-04:00 Europe/Paris". */
    public String when() {
        if (weekdays == null) {
            return "until " + endsAt;
        }
        return weekdays.stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(",")) + " " + from + "-" + to + " " + zone.getId();
    }

    /** Days as people type them: "mon,tue", "sat", "mon-fri". */
    public static List<DayOfWeek> parseDays(String text) {
        List<DayOfWeek> days = new ArrayList<>();
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            String[] range = part.strip().split("-", 2);
            DayOfWeek first = day(range[0], text);
            DayOfWeek last = range.length == 2 ? day(range[1], text) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                if (!days.contains(d)) {
                    days.add(d);
                }
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    public static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw WebtopException.badInput("--time-zone must be a zone like UTC or Europe/Paris, not '" + text + "'");
        }
    }

    public static LocalTime time(String option, String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeException e) {
            throw WebtopException.badInput(option + " must be a time of day like 02:30, not '" + text + "'");
        }
    }

    private static DayOfWeek day(String name, String whole) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(name.strip())) {
                return d;
            }
        }
        throw WebtopException.badInput("--weekly takes days like mon,thu or mon-fri, not '" + whole + "'");
    }
}
