package dev.webtop.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.DebianPackages;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.Nginx;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person sees, in a real browser (Debian's chromium, driven through chromedriver): a
 * website's pages with the tracker script, navigated by link and by the single-page app's
 * history, land in logs with their referrer; the dashboard shows a known data set and then new
 * traffic without a reload.
 */
class BrowserTest {
    private static DbTarget db;
    private static Service service;
    private static WebDriver browser;

    @BeforeAll
    static void start() {
        DebianPackages.ensure("/usr/bin/chromium", "chromium");
        DebianPackages.ensure("/usr/bin/chromedriver", "chromium-driver");
        db = TestDatabase.withPipeline();
        service = Service.start(db, Service.Options.on(0).withSites(List.of("shop.example.com"), List.of()), m -> { }, m -> { });
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // the test site's name leads to loopback, as DNS would lead a visitor to the real site; the
        // agent is a person's Chrome, not HeadlessChrome, which the crawler rule counts as a bot
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1400,1000", "--host-resolver-rules=MAP shop.example.com 127.0.0.1",
            "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36");
        ChromeDriverService driver = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theTrackerScriptReportsPageViewsAndSinglePageAppNavigationsWithTheirReferrer(@TempDir Path dir) throws Exception {
        try (Nginx site = new Nginx(dir)) {
            String script = "<script defer data-domain=\"shop.example.com\" src=\"http://127.0.0.1:" + service.port()
                + "/js/script.js\"></script>";
            Files.writeString(site.pages().resolve("index.html"), "<!DOCTYPE html><html><head>" + script
                + "</head><body><a id=\"pricing\" href=\"/pricing.html?utm_campaign=launch&amp;plan=pro\">Pricing</a></body></html>");
            Files.writeString(site.pages().resolve("pricing.html"), "<!DOCTYPE html><html><head>" + script
                + "</head><body><button id=\"next\" onclick=\"history.pushState({}, '', '/app/step-2')\">Next</button>"
                + "</body></html>");
            String origin = "http://shop.example.com:" + site.port();
            browser.get(origin + "/index.html");
            Await.until("the first page view", Duration.ofSeconds(20), () -> rows() == 1);
            browser.findElement(By.id("pricing")).click();
            Await.until("the second page view", Duration.ofSeconds(20), () -> rows() == 2);
            browser.findElement(By.id("next")).click();
            Await.until("the single-page app's navigation", Duration.ofSeconds(20), () -> rows() == 3);

            assertEquals(List.of(
                    List.of("/index.html", "page_view", "-"),
                    List.of("/pricing.html", "page_view", origin + "/index.html"),
                    List.of("/app/step-2", "page_view", origin + "/index.html")),
                Sql.rows(db, "SELECT path, event_type, coalesce(referrer, '-') FROM logs "
                    + "WHERE domain = 'shop.example.com' ORDER BY time"));
            assertEquals(1, Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs WHERE domain = 'shop.example.com'"),
                "one browser, one visitor");
            assertTrue(Sql.value(db, "SELECT min(user_agent) FROM logs").contains("Chrome"));

            // the campaign tag of the page's address, the entry page and the browser, in the dashboard's detail
            browser.get("http://127.0.0.1:" + service.port() + "/?window=10m&domain=shop.example.com");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> b.findElement(By.id("detail-breakdowns"))
                .getText().contains("Campaigns"));
            String breakdowns = reading(() -> browser.findElement(By.id("detail-breakdowns")).getText());
            assertTrue(breakdowns.contains("Campaigns\nlaunch 1"), breakdowns);
            assertTrue(breakdowns.contains("Entry pages\n/index.html 1"), breakdowns);
            assertTrue(breakdowns.contains("Browsers\nChrome 3"), breakdowns);
            assertTrue(reading(() -> browser.findElement(By.id("detail-visitors")).getText()).startsWith("1 visitors"));
        }
    }

    private static long rows() {
        return Sql.number(db, "SELECT count(*) FROM logs WHERE domain = 'shop.example.com'");
    }

    @Test
    void theDashboardShowsTheDataAndNewTrafficWithoutAReload() {
        HttpCalls http = new HttpCalls(service.port());
        post(http, "alpha.example.org", 30);
        post(http, "beta.example.org", 20);
        Sql.execute(db, "SELECT webtop_refresh_current()");

        browser.get("http://127.0.0.1:" + service.port() + "/?window=10m&interval=1");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> cellOf(b, "alpha.example.org", 4) != null);
        assertEquals("30", cellOf(browser, "alpha.example.org", 4), "alpha's hits in the last hour");
        assertEquals("20", cellOf(browser, "beta.example.org", 4));
        List<String> order = reading(() -> browser.findElements(By.cssSelector("#websites tbody tr")).stream()
            .map(row -> row.getAttribute("data-domain")).toList());
        assertTrue(order.indexOf("alpha.example.org") < order.indexOf("beta.example.org"), order.toString());

        post(http, "alpha.example.org", 15);
        Sql.execute(db, "SELECT webtop_refresh_current()");
        wait.until(b -> "45".equals(cellOf(b, "alpha.example.org", 4)));

        browser.findElement(By.id("filter")).sendKeys("beta\n");
        browser.findElement(By.id("window")).click();   // the filter applies when its field is left
        wait.until(b -> b.findElements(By.cssSelector("#websites tbody tr[data-domain]")).size() == 1);
        assertEquals("beta.example.org", reading(() -> browser.findElement(By.cssSelector("#websites tbody tr[data-domain]"))
            .getAttribute("data-domain")));
        assertTrue(browser.getCurrentUrl().contains("filter=beta"), browser.getCurrentUrl());
    }

    @Test
    void theStatusPageAndTheDashboardShowATargetDownWithItsIncident() {
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '1 minute' AS time, 'lab' AS location, "
            + "'https://status.example/' AS target, (ARRAY['connect_refused', 'connect_refused', 'ok'])[g] AS outcome, "
            + "true AS responsive, 9 AS total_ms, 'refused' AS detail FROM generate_series(1, 3) g");

        browser.get("http://127.0.0.1:" + service.port() + "/status");
        assertEquals("1 of 1 target down", browser.findElement(By.id("overall")).getText());
        WebElement target = browser.findElement(By.cssSelector("div.target[data-target='https://status.example/']"));
        assertEquals("down", target.findElement(By.className("pill")).getText());
        assertEquals(90, target.findElements(By.tagName("rect")).size(), "a bar a day");
        List<WebElement> incident = browser.findElements(By.cssSelector("#incidents tr.open td"));
        assertEquals("https://status.example/", incident.get(0).getText());
        assertEquals("connect_refused: refused", incident.get(4).getText());

        browser.get("http://127.0.0.1:" + service.port() + "/?interval=1");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b ->
            reading(() -> b.findElement(By.cssSelector("#probes tbody")).getText()).contains("incident since"));
        assertTrue(reading(() -> browser.findElement(By.cssSelector("#probes tbody")).getText())
            .contains("https://status.example/ (lab)"));
    }

    /** `count` page views of the domain, in the minute before this one. */
    private static void post(HttpCalls http, String domain, int count) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(30);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add("{\"timestamp\":\"" + at + "\",\"user_id\":\"" + domain + "-" + i + "-" + System.nanoTime()
                + "\",\"event_type\":\"page_view\",\"page_url\":\"https://" + domain + "/\",\"session_id\":\"s\"}");
        }
        assertEquals(200, http.postJson("/events", "[" + String.join(",", events) + "]").status());
    }

    /**
     * The text of a cell in a domain's row of the top-websites table, or null when the row is not
     * shown. The page redraws its rows with every snapshot (each second here), so a row found may
     * be gone by the time its cell is read: then it is looked up again.
     */
    private static String cellOf(WebDriver browser, String domain, int column) {
        return reading(() -> {
            List<WebElement> rows = browser.findElements(By.cssSelector("#websites tbody tr[data-domain='" + domain + "']"));
            return rows.isEmpty() ? null : rows.get(0).findElements(By.tagName("td")).get(column).getText();
        });
    }

    /** Reads what the live page shows, again when a redraw replaced an element between finding and reading it. */
    private static <T> T reading(Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
