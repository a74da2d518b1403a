package dev.webtop.generate;

import dev.webtop.traffic.BotRules;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.Source;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Synthetic traffic, one second at a time, the same for the same seed: domains and pages with
 * Zipf-like popularity, users picked evenly (each with sessions that end after 30 minutes
 * without an event), event types (page views mostly, clicks and scrolls), statuses, sizes and
 * response times. A fraction of the events comes from bots: bursts of 11 to 20 page views by one
 * user within the second, and crawlers with their user agents. Bots are flagged by BotRules on
 * what was generated, like any other traffic.
 */
public final class EventGenerator {
    /** domains, users and pages to draw from; bots is the fraction of events from bots. */
    public record Settings(int domains, int users, int pages, double bots, long seed) {
    }

    static final int SESSION_IDLE_SECONDS = 30 * 60;
    private static final int RATE_BOTS = 20;
    private static final String[] COMMON_PATHS = {"/", "/home", "/search", "/products", "/cart", "/checkout",
        "/login", "/about", "/blog", "/pricing", "/help", "/account"};
    private static final String[] CRAWLER_AGENTS = {
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)"};
    private static final byte[] CLICK = LogBatch.utf8("click");
    private static final byte[] SCROLL = LogBatch.utf8("scroll");

    private final Settings settings;
    private final BotRules bots = new BotRules();
    private final SplittableRandom random;
    private final Zipf domainRanks;
    private final Zipf pageRanks;
    private final byte[][] domainNames;
    private final byte[][] pageNames;
    private final byte[][] crawlerAgents;
    // per user (people first, then rate bots, then crawlers): name, session number, last second seen
    private final byte[][] userNames;
    private final byte[][] sessionNames;
    private final int[] sessionNumbers;
    private final long[] lastSeen;
    private final boolean[] entered;   // the user's session has had its first page view

    public EventGenerator(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.domainRanks = new Zipf(settings.domains(), 1.0);
        this.pageRanks = new Zipf(settings.pages(), 1.1);
        this.domainNames = new byte[settings.domains()][];
        for (int d = 0; d < settings.domains(); d++) {
            domainNames[d] = LogBatch.utf8(String.format("site%0" + digits(settings.domains()) + "d.example", d + 1));
        }
        this.pageNames = new byte[settings.pages()][];
        for (int p = 0; p < settings.pages(); p++) {
            pageNames[p] = LogBatch.utf8(p < COMMON_PATHS.length ? COMMON_PATHS[p] : "/page/" + (p + 1));
        }
        this.crawlerAgents = new byte[CRAWLER_AGENTS.length][];
        for (int c = 0; c < CRAWLER_AGENTS.length; c++) {
            crawlerAgents[c] = LogBatch.utf8(CRAWLER_AGENTS[c]);
        }
        int everyone = settings.users() + RATE_BOTS + CRAWLER_AGENTS.length;
        userNames = new byte[everyone][];
        sessionNames = new byte[everyone][];
        sessionNumbers = new int[everyone];
        lastSeen = new long[everyone];
        entered = new boolean[everyone];
        Arrays.fill(lastSeen, Long.MIN_VALUE);
    }

    private static int digits(int n) {
        return String.valueOf(n).length();
    }

    /** The `count` events of one second (epoch seconds), in time order, bots flagged. */
    public LogBatch second(long epochSecond, int count) {
        return second(epochSecond, count, new LogBatch(Source.GENERATED, count));
    }

    /** Appends the `count` events of one second to a batch (small seconds share one COPY). */
    public LogBatch second(long epochSecond, int count, LogBatch batch) {
        int[] owners = owners(count);
        int first = batch.size();
        long start = epochSecond * 1_000_000L;
        for (int i = 0; i < count; i++) {
            // evenly spread over the second, each in its own slot: time order without sorting
            long offset = (long) ((i + random.nextDouble()) * 1_000_000L / count);
            int user = owners[i];
            int row = batch.add(start + offset, domainNames[domainRanks.rank(random.nextDouble())],
                pageNames[pageRanks.rank(random.nextDouble())]);
            batch.visitor(row, userName(user), session(user, epochSecond));
            if (user < settings.users()) {
                double kind = random.nextDouble();
                batch.eventType(row, kind < 0.80 ? LogBatch.PAGE_VIEW : kind < 0.95 ? CLICK : SCROLL);
            } else if (user >= settings.users() + RATE_BOTS) {
                batch.userAgent(row, crawlerAgents[user - settings.users() - RATE_BOTS]);
            }
            if (!entered[user] && batch.isPageView(row)) {
                batch.entry(row);
                entered[user] = true;
            }
            double status = random.nextDouble();
            batch.response(row, (short) (status < 0.90 ? 200 : status < 0.94 ? 304 : status < 0.98 ? 404
                : status < 0.995 ? 500 : 301), 500 + (long) (random.nextDouble() * 50_000),
                (int) (20 - 80 * Math.log(1 - random.nextDouble())));
        }
        bots.flagSecond(batch, first, batch.size());
        return batch;
    }

    /** Who makes each event of the second: bots (bursts and crawlers) in shuffled slots, people elsewhere. */
    private int[] owners(int count) {
        int botEvents = (int) Math.min(count, Math.floor(count * settings.bots() + random.nextDouble()));
        int[] owners = new int[count];
        int k = 0;
        while (k < botEvents) {
            int left = botEvents - k;
            if (left > BotRules.MAX_HUMAN_VIEWS_PER_SECOND && random.nextBoolean()) {
                int bot = settings.users() + random.nextInt(RATE_BOTS);
                int burst = Math.min(left, 11 + random.nextInt(10));
                for (int b = 0; b < burst; b++) {
                    owners[k++] = bot;
                }
            } else {
                owners[k++] = settings.users() + RATE_BOTS + random.nextInt(CRAWLER_AGENTS.length);
            }
        }
        for (int i = k; i < count; i++) {
            owners[i] = random.nextInt(settings.users());
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = owners[i];
            owners[i] = owners[j];
            owners[j] = swap;
        }
        return owners;
    }

    private byte[] userName(int user) {
        if (userNames[user] == null) {
            int people = settings.users();
            userNames[user] = LogBatch.utf8(user < people ? "u" + (user + 1)
                : user < people + RATE_BOTS ? "bot" + (user - people + 1) : "crawler" + (user - people - RATE_BOTS + 1));
        }
        return userNames[user];
    }

    /** The user's session: a new one after 30 minutes without an event. */
    private byte[] session(int user, long epochSecond) {
        if (lastSeen[user] == Long.MIN_VALUE || epochSecond - lastSeen[user] > SESSION_IDLE_SECONDS) {
            sessionNumbers[user]++;
            sessionNames[user] = LogBatch.utf8(new String(userName(user), StandardCharsets.UTF_8)
                + "-s" + sessionNumbers[user]);
            entered[user] = false;
        }
        lastSeen[user] = epochSecond;
        return sessionNames[user];
    }
}
