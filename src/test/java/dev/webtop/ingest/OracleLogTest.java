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
import java.net.URI;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import ua_parser.Parser;

/**
 * The oracle: a log a real nginx wrote under crafted traffic (scripts/make-oracle-log: two virtual
 * hosts, two days, IPv6 clients, query strings, crawlers, 404s, a 206, HEADs, a line cut short),
 * read by webtop, and every figure a report gives checked against a computation over the file
 * that shares no code with webtop's parser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OracleLogTest {
    private static final Path LOG = TestPaths.projectRoot().resolve("src/test/resources/dev/webtop/ingest/oracle-access.log");
    private static final Pattern VCOMBINED = Pattern.compile(
        "^([^: ]+):\\d+ (\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\"$");
    private static final DateTimeFormatter NGINX_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final Pattern CRAWLER = Pattern.compile("Googlebot|bingbot|GPTBot");
    private static final Pattern STATIC = Pattern.compile("\\.(css|js|png)$");

    private record Line(String host, String ip, LocalDate day, String method, String path, String query, int status,
                        long bytes, String referrer, String agent) {
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
            String[] target = m.group(5).split("\\?", 2);
            lines.add(new Line(m.group(1), m.group(2), ZonedDateTime.parse(m.group(3), NGINX_TIME).toLocalDate(),
                m.group(4), target[0], target.length > 1 ? target[1] : "", Integer.parseInt(m.group(7)),
                m.group(8).equals("-") ? 0 : Long.parseLong(m.group(8)), m.group(9), m.group(10)));
        }
        db = TestDatabase.withPipeline();
        // the log keeps its dates: however old it gets, retention must not turn it away
        Sql.execute(db, "SELECT webtop_set_setting('retention.stats_1d', '100 years'), "
            + "webtop_set_setting('retention.page_hourly', '100 years'), "
            + "webtop_set_setting('retention.visitors', '100 years'), webtop_set_setting('retention.breakdowns', '100 years')");
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

    private static <K> Map<String, Long> counted(Function<Line, K> key, List<Line> from) {
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

    /** One report over the log's two days as {key column: count column}, from its JSON lines. */
    private static Map<String, Long> report(String key, String count, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("report"));
        all.addAll(List.of(args));
        all.addAll(List.of("--from", period(), "--to", lastDay().plusDays(1).toString(), "--take", "1000", "--json"));
        Run run = webtop(all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        Map<String, Long> result = new TreeMap<>();
        for (String line : run.out().strip().split("\n")) {
            JsonNode row = Json.read(line, JsonNode.class);
            result.put(row.get(key).asText(), row.get(count).asLong());
        }
        return result;
    }

    private static LocalDate lastDay() {
        return lines.stream().map(Line::day).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static List<Line> peoplesPageViews() {
        return lines.stream().filter(l -> l.pageView() && !l.crawler()).toList();
    }

    @Test
    void visitorsAreGoAccessVisitorsPerDayWithoutClientErrors() throws Exception {
        // GoAccess: address + user agent + day, 4xx left out
        Function<Boolean, Map<String, Long>> expected = bots -> {
            Map<String, Set<String>> pairs = new TreeMap<>();
            lines.stream().filter(l -> l.status() / 100 != 4 && (bots || !l.crawler()))
                .forEach(l -> pairs.computeIfAbsent(l.day() + "T00:00:00Z", d -> new HashSet<>())
                    .add(l.ip() + " " + l.agent()));
            Map<String, Long> counts = new TreeMap<>();
            pairs.forEach((day, set) -> counts.put(day, (long) set.size()));
            return counts;
        };
        assertEquals(expected.apply(false), report("start", "visitors", "visitors"));
        assertEquals(expected.apply(true), report("start", "visitors", "visitors", "--include-bots"));
        long shop = lines.stream().filter(l -> l.host().equals("shop.example") && l.status() / 100 != 4 && !l.crawler())
            .map(l -> l.day() + l.ip() + l.agent()).distinct().count();
        assertEquals(shop, report("start", "visitors", "visitors", "--domain", "shop.example").values().stream()
            .mapToLong(Long::longValue).sum());
        // a visitor id is made per day, so the period's visitors are the days' visitors added up
        assertEquals(expected.apply(false).values().stream().mapToLong(Long::longValue).sum(),
            report("start", "visitors", "visitors", "--by", "period").values().iterator().next());
    }

    @Test
    void statusesAndNotFoundPathsAreTheFilesRequests() throws Exception {
        assertEquals(counted(Line::status, lines), report("status", "requests", "statuses", "--include-bots"));
        assertEquals(counted(Line::status, lines.stream().filter(l -> !l.crawler()).toList()),
            report("status", "requests", "statuses"));
        assertEquals(counted(Line::path, lines.stream().filter(l -> l.status() == 404 && !l.crawler()).toList()),
            report("path", "requests", "not-found"));
    }

    @Test
    void referrersAreThePeoplesPageViewsPerReferringHost() throws Exception {
        Map<String, Long> expected = counted(l -> {
            String host = l.referrer().equals("-") ? "" : URI.create(l.referrer()).getHost().replaceFirst("^www\\.", "");
            return host.isEmpty() || host.equals(l.host()) ? "(direct / none)" : host.equals("google.com") ? "Google" : host;
        }, peoplesPageViews());
        assertTrue(expected.size() >= 3, expected.toString());
        assertEquals(expected, report("referrer", "page_views", "referrers"));
    }

    @Test
    void campaignsAndBrowsersComeFromTheAddressAndTheAgent() throws Exception {
        Map<String, Long> sources = counted(l -> l.query().replaceFirst(".*utm_source=([^&]*).*", "$1"),
            peoplesPageViews().stream().filter(l -> l.query().contains("utm_source=")).toList());
        assertTrue(sources.get("news") > 50, sources.toString());
        assertEquals(sources, report("utm_source", "page_views", "campaigns", "--tag", "source"));
        Parser uap = new Parser();
        Map<String, Long> browsers = counted(l -> {
            String family = uap.parseUserAgent(l.agent()).family;
            return family.equals("Other") ? "(unknown)" : family;
        }, peoplesPageViews());
        assertTrue(browsers.size() >= 3, browsers.toString());
        assertEquals(browsers, report("browser", "page_views", "browsers"));
        Map<String, Long> countries = report("country", "page_views", "countries");
        assertEquals(Map.of("(unknown)", (long) peoplesPageViews().size()), countries, "documentation addresses have no country");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void reportsAgreeWithThemselvesOnceRawRowsAreDropped() throws Exception {
        List<Map<String, Long>> before = List.of(report("start", "visitors", "visitors"),
            report("referrer", "page_views", "referrers"), report("status", "requests", "statuses"),
            report("page", "entries", "entries"), report("page", "page_views", "pages"));
        Sql.execute(db, "SELECT drop_chunks('logs', older_than => now())");
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"));
        assertEquals(before, List.of(report("start", "visitors", "visitors"),
            report("referrer", "page_views", "referrers"), report("status", "requests", "statuses"),
            report("page", "entries", "entries"), report("page", "page_views", "pages")));
    }
}
