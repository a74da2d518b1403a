package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.copy.CopyManager;

/**
 * The breakdowns, visitors and goal completions of a batch (hourly_breakdowns, visitor_hours and
 * goal_hours, see V20 and V21), counted in memory and added in the batch's transaction: the visits
 * by a COPY, the rest with one statement.
 */
final class Breakdowns {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    // one String per status code, made once: counted by identity like every value
    private static final String[] STATUS = new String[1000];

    static {
        for (int code = 0; code < STATUS.length; code++) {
            STATUS[code] = Integer.toString(code);
        }
    }

    // the dimensions of hourly_breakdowns, in the order a row is counted in them
    private static final String[] DIMENSIONS = {"status", "not_found", "entry", "referrer", "utm_source",
        "utm_medium", "utm_campaign", "browser", "os", "device", "country"};

    /**
     * One domain's hour of a batch: per dimension, each value's hits, views, bot hits and bot
     * views. Values are keyed by identity (writers intern them); an equal value under two arrays
     * is sent twice and added up by the database.
     */
    private record Group(long hour, byte[] domain, List<Map<Object, long[]>> values) {
        Group(long hour, byte[] domain) {
            this(hour, domain, new ArrayList<>());
            for (int d = 0; d < DIMENSIONS.length; d++) {
                values.add(new IdentityHashMap<>());
            }
        }

        /** figure: bit 0 a page view, bit 1 a bot. */
        void count(int dimension, Object value, int figure) {
            if (value == null) {
                return;
            }
            long[] c = values.get(dimension).computeIfAbsent(value, v -> new long[4]);
            boolean bot = (figure & 2) != 0;
            c[bot ? 2 : 0]++;
            if ((figure & 1) != 0) {
                c[bot ? 3 : 1]++;
            }
        }
    }

    private final Connection connection;
    private final CopyManager copies;
    private final PreparedStatement add;
    private final Referrers referrers = new Referrers();
    private final VisitorHours visitors = new VisitorHours();
    private final GoalCompletions goals = new GoalCompletions(visitors);

    Breakdowns(Connection connection, CopyManager copies) throws SQLException {
        this.connection = connection;
        this.copies = copies;
        this.add = connection.prepareStatement("SELECT webtop_add_goal_completions(?, ?, ?, ?, ?), "
            + "webtop_add_breakdowns(?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** A new transaction begins: what an unfinished one counted was never stored. */
    void begin() {
        visitors.begin();
        goals.begin();
    }

    /** The transaction committed: its visitors are stored. */
    void committed() {
        visitors.committed();
    }

    void record(LogSlice slice) throws SQLException {
        LogBatch batch = slice.batch();
        goals.refresh(connection);
        Map<Long, Map<byte[], Group>> groups = new HashMap<>();
        Group group = null;
        for (int i = slice.from(); i < slice.to(); i++) {
            long hour = Math.floorDiv(batch.timeMicros[i], MICROS_PER_HOUR) * MICROS_PER_HOUR;
            boolean bot = batch.botRule[i] != LogBatch.BOT_NONE;
            int status = batch.status[i];
            if (batch.user[i] != null && (status < 400 || status > 499)) {
                visitors.add(batch.timeMicros[i], batch.domain[i], batch.user[i], bot);
            }
            if (group == null || group.hour() != hour || group.domain() != batch.domain[i]) {
                group = groups.computeIfAbsent(hour, h -> new IdentityHashMap<>())
                    .computeIfAbsent(batch.domain[i], domain -> new Group(hour, domain));
            }
            goals.count(batch, i, hour, bot);
            int figure = (bot ? 2 : 0) + (batch.isPageView(i) ? 1 : 0);
            group.count(0, status(status), figure);
            group.count(1, status == 404 ? batch.path[i] : null, figure);
            group.count(2, batch.entry[i] ? batch.path[i] : null, figure);
            group.count(3, referrers.of(batch.referrer[i], batch.domain[i]), figure);
            group.count(4, batch.utmSource[i], figure);
            group.count(5, batch.utmMedium[i], figure);
            group.count(6, batch.utmCampaign[i], figure);
            group.count(7, batch.browser[i], figure);
            group.count(8, batch.os[i], figure);
            group.count(9, batch.device[i], figure);
            group.count(10, batch.country[i], figure);
        }
        visitors.store(copies);
        goals.bind(connection, add, 1);
        bindCounts(groups.values().stream().flatMap(byDomain -> byDomain.values().stream()).toList());
        add.execute();
    }

    private void bindCounts(List<Group> groups) throws SQLException {
        int n = 0;
        for (Group group : groups) {
            for (Map<Object, long[]> values : group.values()) {
                n += values.size();
            }
        }
        String[] hours = new String[n];
        String[] domains = new String[n];
        String[] dimensions = new String[n];
        String[] values = new String[n];
        Long[][] figures = new Long[4][n];
        int i = 0;
        for (Group group : groups) {
            String hour = instant(group.hour());
            String domain = text(group.domain());
            for (int d = 0; d < DIMENSIONS.length; d++) {
                for (Map.Entry<Object, long[]> entry : group.values().get(d).entrySet()) {
                    hours[i] = hour;
                    domains[i] = domain;
                    dimensions[i] = DIMENSIONS[d];
                    values[i] = entry.getKey() instanceof byte[] bytes ? text(bytes) : (String) entry.getKey();
                    for (int f = 0; f < 4; f++) {
                        figures[f][i] = entry.getValue()[f];
                    }
                    i++;
                }
            }
        }
        add.setArray(6, connection.createArrayOf("timestamptz", hours));
        add.setArray(7, connection.createArrayOf("text", domains));
        add.setArray(8, connection.createArrayOf("text", dimensions));
        add.setArray(9, connection.createArrayOf("text", values));
        for (int f = 0; f < 4; f++) {
            add.setArray(10 + f, connection.createArrayOf("bigint", figures[f]));
        }
    }

    private static String status(int code) {
        return code >= 0 && code < STATUS.length ? STATUS[code] : Integer.toString(code);
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String instant(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000).toString();
    }
}
