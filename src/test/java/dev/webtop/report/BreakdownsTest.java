package dev.webtop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.DebianPackages;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breakdowns from crafted rows with known answers: countries from the tor-geoipdb tables (looked
 * up here by a plain scan of the file), device classes, UTM tags, and the bound on the values an
 * hour keeps.
 */
class BreakdownsTest {
    private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/131.0.0.0 Safari/537.36";
    private static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    private static final String TABLET = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
        + "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";

    private DbTarget db;

    @BeforeEach
    void freshDatabase() {
        DebianPackages.ensure("/usr/share/tor/geoip", "tor-geoipdb");
        db = TestDatabase.withPipeline();
    }

    @Test
    void countriesDevicesAndCampaignsOfCraftedRequests(@TempDir Path dir) throws Exception {
        String[] addresses = {"8.8.8.8", "81.2.69.142", "193.0.6.139", "2001:4860:4860::8888", "203.0.113.9"};
        String[] agents = {DESKTOP, PHONE, TABLET};
        List<String> lines = new ArrayList<>();
        Map<String, Long> countries = new TreeMap<>();
        Map<String, Long> devices = new TreeMap<>();
        ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(20);
        for (int i = 0; i < 60; i++) {
            String address = addresses[i % addresses.length];
            String agent = agents[i % agents.length];
            String page = i % 4 == 0 ? "/?utm_source=Newsletter&utm_medium=e%2Dmail&utm_campaign=black+friday" : "/p" + i % 3;
            lines.add(address + " - - [" + start.plusSeconds(i * 7).format(APACHE) + "] \"GET " + page + " HTTP/1.1\" 200 99 "
                + "\"-\" \"" + agent + "\"");
            countries.merge(countryOf(address), 1L, Long::sum);
            devices.merge(agent == DESKTOP ? "desktop" : agent == PHONE ? "mobile" : "tablet", 1L, Long::sum);
        }
        assertTrue(countries.size() >= 4, countries.toString());
        Path log = dir.resolve("access.log");
        Files.write(log, lines);
        Run ingest = Cli.isolated().on(db, "ingest", "access-log", log.toString(), "--domain", "shop.test");
        assertEquals(0, ingest.exitCode(), ingest.toString());

        assertEquals(countries, report("country", "countries"));
        assertEquals(devices, report("device", "devices"));
        assertEquals(Map.of("black friday", 15L), report("utm_campaign", "campaigns"));
        assertEquals(Map.of("e-mail", 15L), report("utm_medium", "campaigns", "--tag", "medium"));
        assertEquals(Map.of("Newsletter", 15L), report("utm_source", "campaigns", "--tag", "source"));
        // and the raw rows say the same
        assertEquals(countries.getOrDefault("(unknown)", 0L), Sql.number(db, "SELECT count(*) FROM logs WHERE country IS NULL"));
        // the writer's visitor ids are the ones SQL makes of the same users (the pattern jobs' way)
        assertEquals(Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs"), Sql.number(db,
            "SELECT count(DISTINCT v.visitor) FROM visitor_hours v JOIN logs l ON v.visitor = webtop_visitor_hash(l.user_id)"));
    }

    @Test
    void anHourKeepsItsBusiestValuesAndCountsTheRestAsOther() {
        Sql.execute(db, "SELECT webtop_set_setting('breakdowns.values_per_hour', '10')");
        // 150 referrers in one finished hour, referrer i seen i times: 11,325 page views
        Sql.execute(db, "SELECT webtop_add_breakdowns(array_agg(date_trunc('hour', now()) - INTERVAL '3 hours'), "
            + "array_agg('a.test'::text), array_agg('referrer'::text), array_agg('r' || i), array_agg(i::bigint), array_agg(i::bigint), "
            + "array_agg(0::bigint), array_agg(0::bigint)) FROM generate_series(1, 150) i");
        assertEquals("101|11325", Sql.value(db, "SELECT count(*) || '|' || sum(views) FROM hourly_breakdowns"));
        assertEquals("1275", Sql.value(db, "SELECT views FROM hourly_breakdowns WHERE value = '(other)'"),
            "the 50 least seen of one call (1..50) go to (other) once 100 values are held");
        Sql.execute(db, "SELECT webtop_add_breakdowns(ARRAY[date_trunc('hour', now()) - INTERVAL '3 hours'], ARRAY['a.test'], "
            + "ARRAY['referrer'], ARRAY['new.test'], ARRAY[7::bigint], ARRAY[7::bigint], ARRAY[0::bigint], ARRAY[0::bigint])");
        assertEquals("1282", Sql.value(db, "SELECT views FROM hourly_breakdowns WHERE value = '(other)'"));

        assertEquals(90, Sql.number(db, "SELECT webtop_fold_breakdowns()"));
        assertEquals("11|11332", Sql.value(db, "SELECT count(*) || '|' || sum(views) FROM hourly_breakdowns"));
        assertEquals("r141,r142,r143,r144,r145,r146,r147,r148,r149,r150", Sql.value(db,
            "SELECT string_agg(value, ',' ORDER BY value) FROM hourly_breakdowns WHERE value <> '(other)'"));
    }

    @Test
    void aPathGoalCountsTheRawRowsKeptWhenAddedAndTheRowsWrittenAfter(@TempDir Path dir) throws Exception {
        ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(20);
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        long completions = 0;
        Set<String> converted = new HashSet<>();
        Set<String> everyone = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String address = "198.51.100." + (i % 4);
            String page = i % 10 == 1 ? "/signup/done" : "/p" + i % 3;
            (i < 30 ? before : after).add(address + " - - [" + start.plusSeconds(i * 10).format(APACHE) + "] \"GET " + page
                + " HTTP/1.1\" 200 99 \"-\" \"" + DESKTOP + "\"");
            everyone.add(address);
            if (page.equals("/signup/done")) {
                completions++;
                converted.add(address);
            }
        }
        Files.write(dir.resolve("before.log"), before);
        Files.write(dir.resolve("after.log"), after);
        assertEquals(0, Cli.isolated().on(db, "ingest", "access-log", dir.resolve("before.log").toString(), "--domain",
            "shop.test").exitCode());
        Run added = Cli.isolated().on(db, "goal", "add", "--domain", "shop.test", "--path", "/signup/done");
        assertEquals("Added goal 1: visit /signup/done on shop.test", added.out().strip(), added.toString());
        assertEquals(0, Cli.isolated().on(db, "ingest", "access-log", dir.resolve("after.log").toString(), "--domain",
            "shop.test").exitCode());

        Run goals = Cli.isolated().on(db, "report", "goals", "--since", "1h", "--csv");
        assertEquals(List.of(6L, 2, 4), List.of(completions, converted.size(), everyone.size()), "the log's own answer");
        assertEquals("id,domain,goal,completions,converted,visitors,conversion_rate\n"
            + "1,shop.test,visit /signup/done,6,2,4,50", goals.out().strip());
        Run removed = Cli.isolated().on(db, "goal", "remove", "1");
        assertEquals(0, removed.exitCode(), removed.toString());
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM goal_hours"));
    }

    private Map<String, Long> report(String key, String... args) {
        List<String> all = new ArrayList<>(List.of("report"));
        all.addAll(List.of(args));
        all.addAll(List.of("--since", "1h", "--csv"));
        Run run = Cli.isolated().on(db, all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        List<String> rows = run.out().strip().lines().toList();
        List<String> header = List.of(rows.get(0).split(","));
        assertEquals(key, header.get(1));
        Map<String, Long> counts = new TreeMap<>();
        rows.stream().skip(1).map(row -> row.split(",")).forEach(cells -> counts.put(cells[1], Long.parseLong(cells[2])));
        return counts;
    }

    /** The country of an address by a plain scan of Debian's tor-geoipdb tables. */
    private static String countryOf(String address) throws IOException {
        boolean six = address.contains(":");
        BigInteger value = new BigInteger(1, InetAddress.getByName(address).getAddress());
        Path table = Path.of(six ? "/usr/share/tor/geoip6" : "/usr/share/tor/geoip");
        assertTrue(Files.isReadable(table), "tor-geoipdb is installed");
        try (Stream<String> lines = Files.lines(table)) {
            return lines.filter(l -> !l.startsWith("#")).map(l -> l.split(","))
                .filter(f -> f.length == 3 && f[2].matches("[A-Z]{2}"))
                .filter(f -> {
                    BigInteger low = six ? number(f[0]) : new BigInteger(f[0]);
                    BigInteger high = six ? number(f[1]) : new BigInteger(f[1]);
                    return low.compareTo(value) <= 0 && value.compareTo(high) <= 0;
                })
                .map(f -> f[2]).findFirst().orElse("(unknown)");
        }
    }

    private static BigInteger number(String address) {
        try {
            return new BigInteger(1, InetAddress.getByName(address).getAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
