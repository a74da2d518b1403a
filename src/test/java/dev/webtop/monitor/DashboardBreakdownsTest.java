package dev.webtop.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.monitor.DashboardSnapshot.Count;
import dev.webtop.monitor.DashboardSnapshot.StatusRow;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status-code panel and the detail view's breakdowns, from an access log of known answers
 * written in the last minutes: two sites, one of them failing a quarter of its requests.
 */
class DashboardBreakdownsTest {
    private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/131.0.0.0 Safari/537.36";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static DbTarget db;
    private static int shopVisitors;
    private static int pricingVisitors;

    @BeforeAll
    static void recentLog(@TempDir Path dir) throws Exception {
        db = TestDatabase.withPipeline();
        // ten minutes back at most, and inside the hour the 10-minute window began in
        ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        List<String> lines = new ArrayList<>();
        Set<String> visitors = new HashSet<>();
        Set<String> converted = new HashSet<>();
        for (int i = 0; i < 80; i++) {
            String host = i % 2 == 0 ? "shop.test" : "blog.test";
            String address = "198.51.100." + (i % 7);
            String agent = i % 3 == 0 ? FIREFOX : CHROME;
            // shop.test: half its requests answered 404 or 500; blog.test: all fine
            int status = host.equals("shop.test") && i % 8 == 0 ? 404 : host.equals("shop.test") && i % 8 == 4 ? 500 : 200;
            String referrer = i % 5 == 0 ? "https://www.google.com/" : "-";
            lines.add(host + ":80 " + address + " - - [" + start.plusSeconds(i * 3).format(APACHE) + "] \"GET /p" + i % 4
                + " HTTP/1.1\" " + status + " 100 \"" + referrer + "\" \"" + agent + "\"");
            if (host.equals("shop.test") && status != 404) {
                visitors.add(address + agent);
            }
            if (host.equals("shop.test") && i % 4 == 2) {
                converted.add(address + agent);
            }
        }
        shopVisitors = visitors.size();
        pricingVisitors = converted.size();
        Path log = dir.resolve("access.log");
        Files.write(log, lines);
        Run ingest = Cli.isolated().on(db, "ingest", "access-log", "--format", "vcombined", log.toString());
        assertEquals(0, ingest.exitCode(), ingest.toString());
        Run goal = Cli.isolated().on(db, "goal", "add", "--domain", "shop.test", "--path", "/p2");
        assertEquals(0, goal.exitCode(), goal.toString());
    }

    private static DashboardSnapshot collect(String detail) throws Exception {
        try (Connection connection = Database.connect(db)) {
            DashboardState state = DashboardState.initial(Duration.ofSeconds(1), Window.TEN_MINUTES).withDetail(detail);
            return new SnapshotCollector("external", db.maskedUrl()).collect(connection, state);
        }
    }

    @Test
    void theStatusPanelPutsTheWorstDomainFirst() throws Exception {
        List<StatusRow> statuses = collect(null).statuses();
        assertEquals(List.of(new StatusRow("shop.test", 40, 10, 10, 50.0), new StatusRow("blog.test", 40, 0, 0, 0.0)), statuses);
    }

    @Test
    void theGoalsPanelShowsConversionsOfTheWindow() throws Exception {
        // shop.test's /p2: its 20 requests with i % 4 == 2, all answered 200
        assertEquals(List.of(new DashboardSnapshot.GoalRow(1, "shop.test", "visit /p2", 20, pricingVisitors, shopVisitors,
            Math.round(1000.0 * pricingVisitors / shopVisitors) / 10.0)), collect(null).goals());
    }

    @Test
    void theDetailViewShowsTheDomainsVisitorsAndBreakdowns() throws Exception {
        DashboardSnapshot.Detail detail = collect("shop.test").detail();
        assertEquals(shopVisitors, detail.visitors());
        assertEquals(List.of(new Count("200", 20), new Count("404", 10), new Count("500", 10)), detail.breakdowns().get("status"));
        assertEquals(List.of(new Count("/p0", 10)), detail.breakdowns().get("not_found"));
        // page views: the 20 answered 200, those with i % 3 == 0 from Firefox
        assertEquals(List.of(new Count("Chrome", 13), new Count("Firefox", 7)), detail.breakdowns().get("browser"));
        assertEquals(List.of(new Count("Google", 4)), detail.breakdowns().get("referrer"));
    }
}
