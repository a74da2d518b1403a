package dev.webtop.report;

import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import dev.webtop.config.Times;
import java.time.Duration;
import java.time.Instant;

/** The time a report looks at: [from, to), from --since (back from now) or --from and --to. */
public record Period(Instant from, Instant to) {
    /**
     * Checks what was asked (exit 2 naming what is accepted): --since, or --from with an optional
     * --to (default now), or neither for the report's own default period back from now.
     */
    public static Period of(String since, String from, String to, Duration usual, Instant now) {
        if (since != null && (from != null || to != null)) {
            throw WebtopException.badInput("--since and --from/--to both choose the period: give --since 6h, "
                + "or --from 2026-11-01 [--to 2026-11-02]");
        }
        if (to != null && from == null) {
            throw WebtopException.badInput("--to goes with --from: give the start too, like --from 2026-11-01");
        }
        if (from != null) {
            Period period = new Period(Times.parse("--from", from), to == null ? now : Times.parse("--to", to));
            if (!period.from().isBefore(period.to())) {
                throw WebtopException.badInput("--from must be before --to (and before now when --to is not given)");
            }
            return period;
        }
        Duration back = since == null ? usual : Durations.parse("--since", since);
        if (back.isZero() || back.isNegative()) {
            throw WebtopException.badInput("--since must be more than 0, like 1h");
        }
        return new Period(now.minus(back), now);
    }

    public Duration length() {
        return Duration.between(from, to);
    }
}
