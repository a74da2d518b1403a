package dev.webtop.config;

import dev.webtop.base.WebtopException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Points in time as options take them: a date (midnight UTC) or a time with its zone. */
public final class Times {
    private Times() {
    }

    /** 2026-11-01 or 2026-11-01T06:00:00Z (any zone); exit 2 naming the option otherwise. */
    public static Instant parse(String option, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw WebtopException.badInput(option + " '" + text + "' is not a date or a time with a zone, "
                + "like 2026-11-01 or 2026-11-01T06:00:00Z");
        }
    }
}
