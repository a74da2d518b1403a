package dev.webtop.report;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Page views of one page per hour, as page-views services answer their hourly report: h is the
 * hour (UTC), v the views, an hour without views 0. The hours are whole (:00 to :59): the 24 that
 * end with the hour holding a time (that hour included, though still filling), or every hour from
 * the one holding --from to the last one that starts before --to. The page is domain/path, or a
 * path on every domain; the hours come oldest or newest first, all or the first `take`. Read from
 * page_hourly, which counts every source and outlives raw rows.
 */
public record HourlyReport(String page, String domain, String path, Instant firstHour, Instant lastHour,
                           boolean newestFirst, Integer take) {
    private static final Pattern PAGE = Pattern.compile("((?:[a-z0-9-]+\\.)+[a-z]{2,63})?(/\\S*)?");

    /** Checks what was asked (exit 2 naming what is accepted); now, from, to and take may be null. */
    public static HourlyReport of(String page, String now, String from, String to, String order, Integer take) {
        Matcher m = PAGE.matcher(page);
        if (page.isEmpty() || !m.matches()) {
            throw WebtopException.badInput("--page '" + page + "' is not domain/path or /path, like example.com/home or /home");
        }
        Instant first;
        Instant last;
        if (from != null || to != null) {
            if (now != null) {
                throw WebtopException.badInput("--now and --from/--to both choose the hours: give one of them");
            }
            Period period = Period.of(null, from, to, Duration.ofDays(1), Instant.now());
            first = period.from();
            last = period.to().minusNanos(1000);   // the hour that holds the last microsecond before --to
        } else {
            try {
                last = now == null ? Instant.now() : OffsetDateTime.parse(now).toInstant();
            } catch (DateTimeParseException e) {
                throw WebtopException.badInput("--now '" + now + "' is not a time with a zone, like 2025-07-16T12:00:00Z");
            }
            first = last.minus(Duration.ofHours(23));
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw WebtopException.badInput("--order must be asc or desc, not '" + order + "'");
        }
        if (take != null && take < 1) {
            throw WebtopException.badInput("--take must be at least 1, not " + take);
        }
        return new HourlyReport(page, m.group(1), m.group(2) == null ? "/" : m.group(2), first, last,
            order.equals("desc"), take);
    }

    /** The hours in the order asked, the first `take` of them. */
    public Result read(DbTarget target, boolean includeBots) {
        return Database.run(target, connection -> read(connection, includeBots));
    }

    /** The same on a connection the caller holds. */
    public Result read(Connection connection, boolean includeBots) throws SQLException {
        Result result = Query.read(connection, "hourly", firstHour.toString(), lastHour.toString(), path, domain,
            includeBots);
        List<List<Object>> rows = new ArrayList<>(result.rows());
        if (newestFirst) {
            Collections.reverse(rows);
        }
        if (take != null && take < rows.size()) {
            rows = rows.subList(0, take);
        }
        return new Result(result.columns(), rows);
    }

    /** {"page": ..., "data": [{"h": ..., "v": ..., "hour": ...}]}, the page-views service's shape. */
    public Map<String, Object> json(Result hours) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Map<String, Object> row : hours.maps()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("h", row.get("h"));
            entry.put("v", row.get("v"));
            entry.put("hour", row.get("hour"));
            data.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("page", page);
        json.put("data", data);
        return json;
    }
}
