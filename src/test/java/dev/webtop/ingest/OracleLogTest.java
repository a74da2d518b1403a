package dev.webtop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle: a log a real nginx wrote under crafted traffic (scripts/make-oracle-log: two virtual
 * hosts, two days, IPv6 clients, query strings, crawlers, 404s, a 206, HEADs, a line cut short),
 * read by webtop, and every figure a report gives checked against a computation over the file
 * that shares no code with webtop's parser.
 */
class OracleLogTest {
    private static final Path LOG = TestPaths.projectRoot().resolve("src/test/resources/dev/webtop/ingest/oracle-access.log");
    private static final Pattern VCOMBINED = Pattern.compile(
        "^([^: ]+):\\d+ (\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\"$");
    private static final DateTimeFormatter NGINX_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final Pattern CRAWLER = Pattern.compile("Googlebot|bingbot|GPTBot");
    private static final Pattern STATIC = Pattern.compile("\\.(css|js|png)$");

    private record Line(String host, String ip, LocalDate day, String method, String path, int status, long bytes,
                        String agent) {
        boolean crawler() {
            return CRAWLER.matcher(agent).find();
        }

        boolean pageView() {
            return (method.equals("GET") || method.equals("HEAD")) && (status / 100 == 2 || status == 304)
                && !STATIC.matcher(path).find();
        }
    }

    private static final List<Line> lines = new ArrayList<>();
    private static int unreadable;
    private static DbTarget db;
    private static Run ingest;

    @BeforeAll
    static void readTheLogBothWays() throws Exception {
        for (String text : Files.readAllLines(LOG)) {
            Matcher m = VCOMBINED.matcher(text);
            if (!m.matches()) {
                unreadable++;
                continue;
            }
            String path = m.group(5).replaceFirst("\\?.*", "");
            lines.add(new Line(m.group(1), m.group(2), ZonedDateTime.parse(m.group(3), NGINX_TIME).toLocalDate(),
                m.group(4), path, Integer.parseInt(m.group(7)), m.group(8).equals("-") ? 0 : Long.parseLong(m.group(8)),
                m.group(10)));
        }
        db = TestDatabase.withPipeline();
        // the log keeps its dates: however old it gets, retention must not turn it away
        Sql.execute(db, "SELECT webtop_set_setting('retention.stats_1d', '100 years'), "
            + "webtop_set_setting('retention.page_hourly', '100 years')");
        ingest = webtop("ingest", "access-log", "--format", "vcombined", LOG.toString(), "--json");
    }

    private static Run webtop(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--db-url");
        all.add(TestDatabase.url(db));
        return Cli.isolated().run(all.toArray(String[]::new));
    }

    private static String period() {
        LocalDate first = lines.stream().map(Line::day).min(Comparator.naturalOrder()).orElseThrow();
        return first.toString();
    }

    private static <K> Map<String, Long> counted(java.util.function.Function<Line, K> key, List<Line> from) {
        return from.stream().collect(Collectors.groupingBy(l -> String.valueOf(key.apply(l)), TreeMap::new,
            Collectors.counting()));
    }

    private static Map<String, Long> fromSql(String query) {
        Map<String, Long> result = new TreeMap<>();
        Sql.rows(db, query).forEach(row -> result.put(row.get(0), Long.parseLong(row.get(1))));
        return result;
    }

    @Test
    void everyReadableLineIsARowAndTheCutOneIsRejected() throws Exception {
        assertEquals(0, ingest.exitCode(), ingest.toString());
        JsonNode summary = Json.read(ingest.out(), JsonNode.class);
        assertEquals(lines.size() + unreadable, summary.get("lines").asLong());
        assertEquals(lines.size(), summary.get("stored").asLong());
        assertEquals(1, unreadable);
        assertEquals(1, summary.get("rejected").asLong());
        assertEquals(counted(Line::host, lines), fromSql("SELECT domain, count(*) FROM logs GROUP BY 1"));
    }

    @Test
    void statusCountsAndBytesEqualTheFile() {
        assertEquals(counted(Line::status, lines), fromSql("SELECT status, count(*) FROM logs GROUP BY 1"));
        assertTrue(lines.stream().anyMatch(l -> l.status() == 206) && lines.stream().anyMatch(l -> l.status() == 404));
        assertEquals(lines.stream().mapToLong(Line::bytes).sum(), Sql.number(db, "SELECT sum(bytes) FROM logs"));
        assertEquals(String.valueOf(lines.stream().mapToLong(Line::bytes).sum()),
            Sql.value(db, "SELECT sum(bytes) FROM domain_stats_1d"));
    }

    @Test
    void visitorsPerDayAreTheDistinctAddressAndAgentPairsOfEachDay() {
        Map<String, Long> visitors = new TreeMap<>();
        Map<LocalDate, Set<String>> pairs = new HashMap<>();
        lines.forEach(l -> pairs.computeIfAbsent(l.day(), d -> new HashSet<>()).add(l.ip() + " " + l.agent()));
        pairs.forEach((day, set) -> visitors.put(day.toString(), (long) set.size()));
        assertEquals(2, visitors.size(), "two days");
        assertTrue(lines.stream().anyMatch(l -> l.ip().contains(":")), "IPv6 clients");
        assertEquals(visitors, fromSql("SELECT (time AT TIME ZONE 'UTC')::date, count(DISTINCT user_id) FROM logs GROUP BY 1"));
    }

    @Test
    void crawlersAreCountedByTheUserAgentRule() throws Exception {
        Run bots = webtop("report", "bots", "--from", period(), "--json");
        assertEquals(0, bots.exitCode(), bots.toString());
        long crawlerLines = lines.stream().filter(Line::crawler).count();
        assertTrue(crawlerLines > 0);
        String userAgentRule = bots.out().lines().filter(l -> l.contains("\"rule\":\"user_agent\"")).findFirst().orElseThrow();
        assertEquals(crawlerLines, Json.read(userAgentRule, JsonNode.class).get("events").asLong());
    }

    @Test
    void topPagesAreThePeoplesPageViewsPerHostAndPath() throws Exception {
        Map<String, Long> views = counted(l -> l.host() + l.path(), lines.stream()
            .filter(l -> l.pageView() && !l.crawler()).toList());
        List<String> expected = views.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .limit(5).map(e -> e.getKey() + " " + e.getValue()).toList();
        Run top = webtop("report", "top", "--from", period(), "--take", "5", "--json");
        assertEquals(0, top.exitCode(), top.toString());
        List<String> pages = new ArrayList<>();
        for (String line : top.out().strip().split("\n")) {
            JsonNode row = Json.read(line, JsonNode.class);
            if (row.get("kind").asText().equals("page")) {
                pages.add(row.get("name").asText() + " " + row.get("views").asLong());
            }
        }
        assertEquals(expected, pages);
    }
}
