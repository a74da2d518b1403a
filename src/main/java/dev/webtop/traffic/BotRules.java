package dev.webtop.traffic;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which rows are bots. The rate rule, as real-time analytics services apply it: a user with more
 * than 10 page views in one second is a bot for that second, all of its rows in it flagged. The
 * user-agent rule: a known crawler. Bot rows are kept and flagged, never dropped. One instance
 * per writing thread: it keeps its tables from one second to the next.
 */
public final class BotRules {
    public static final int MAX_HUMAN_VIEWS_PER_SECOND = 10;
    private static final Pattern CRAWLER = Pattern.compile(
        "(?i)bot\\b|bot/|crawler|spider|slurp|facebookexternalhit|bingpreview|headlesschrome|python-requests|curl/|wget/");

    public static boolean isCrawler(String userAgent) {
        return userAgent != null && CRAWLER.matcher(userAgent).find();
    }

    /** Agents remembered at most: a log repeats few agents many times, a flood of new ones is forgotten. */
    private static final int AGENTS_KEPT = 10_000;

    // kept from second to second, so that a busy second does not grow new tables each time
    private final Map<byte[], int[]> views = new IdentityHashMap<>();
    private final Map<byte[], Boolean> crawlers = new IdentityHashMap<>();
    private Map<UserSecond, int[]> previousBatch = Map.of();

    /** Flags a batch in time order second by second (rows of a second side by side). */
    public void flagRuns(LogBatch batch) {
        int from = 0;
        for (int i = 1; i <= batch.size; i++) {
            if (i == batch.size || batch.timeMicros[i] / 1_000_000 != batch.timeMicros[from] / 1_000_000) {
                flagSecond(batch, from, i);
                from = i;
            }
        }
    }

    /**
     * Flags a batch whose rows come in any order (a collector's requests, each with its own
     * times). Page views are counted per user and second, in this batch and in the one before
     * it, so that a bot whose second is split between two batches is still caught from its
     * eleventh view on. Rows of one user share one array, and so do rows with one user agent.
     */
    public void flagAnyOrder(LogBatch batch) {
        Map<UserSecond, int[]> counts = new HashMap<>();
        for (int i = 0; i < batch.size; i++) {
            if (batch.user[i] != null && batch.isPageView(i)) {
                counts.computeIfAbsent(UserSecond.of(batch, i), k -> new int[1])[0]++;
            }
        }
        for (int i = 0; i < batch.size; i++) {
            if (batch.botRule[i] != LogBatch.BOT_NONE) {
                continue;
            }
            if (batch.userAgent[i] != null && isCrawler(batch.userAgent[i])) {
                batch.botRule[i] = LogBatch.BOT_USER_AGENT;
            } else if (batch.user[i] != null) {
                UserSecond key = UserSecond.of(batch, i);
                int[] count = counts.get(key);
                int[] before = previousBatch.get(key);
                if (count != null && count[0] + (before == null ? 0 : before[0]) > MAX_HUMAN_VIEWS_PER_SECOND) {
                    batch.botRule[i] = LogBatch.BOT_RATE;
                }
            }
        }
        previousBatch = counts;
    }

    private record UserSecond(String user, long second) {
        static UserSecond of(LogBatch batch, int row) {
            return new UserSecond(new String(batch.user[row], StandardCharsets.UTF_8),
                Math.floorDiv(batch.timeMicros[row], 1_000_000));
        }
    }

    private boolean isCrawler(byte[] agent) {
        if (crawlers.size() > AGENTS_KEPT) {
            crawlers.clear();
        }
        return crawlers.computeIfAbsent(agent, a -> isCrawler(new String(a, StandardCharsets.UTF_8)));
    }

    /**
     * Flags rows [from, to) of a batch that all fall in one second: crawlers by their user agent,
     * then every row of a user with more than 10 page views. Rows of one user share one array,
     * and so do rows with one user agent.
     */
    public void flagSecond(LogBatch batch, int from, int to) {
        views.clear();
        if (crawlers.size() > AGENTS_KEPT) {
            crawlers.clear();
        }
        for (int i = from; i < to; i++) {
            if (batch.user[i] != null && batch.isPageView(i)) {
                views.computeIfAbsent(batch.user[i], u -> new int[1])[0]++;
            }
        }
        for (int i = from; i < to; i++) {
            if (batch.botRule[i] != LogBatch.BOT_NONE) {
                continue;
            }
            if (batch.userAgent[i] != null && crawlers.computeIfAbsent(batch.userAgent[i],
                    agent -> isCrawler(new String(agent, StandardCharsets.UTF_8)))) {
                batch.botRule[i] = LogBatch.BOT_USER_AGENT;
            } else if (batch.user[i] != null) {
                int[] count = views.get(batch.user[i]);
                if (count != null && count[0] > MAX_HUMAN_VIEWS_PER_SECOND) {
                    batch.botRule[i] = LogBatch.BOT_RATE;
                }
            }
        }
    }
}
