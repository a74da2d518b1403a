package dev.webtop.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.PageViewLoad;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `webtop serve` as a service manager runs it: stopped under load, guarded by a token, refused when unsafe. */
class ServeProcessTest {
    private static final Pattern SERVING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");

    private static int port(WebtopProcess serve) {
        Await.until("serve listening", Duration.ofSeconds(60), () -> SERVING.matcher(serve.errSoFar()).find());
        Matcher m = SERVING.matcher(serve.errSoFar());
        m.find();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void sigtermUnderLoadAnswersWhatItHoldsCommitsItAndExitsZero(@TempDir Path dir) throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        WebtopProcess serve = WebtopProcess.start(dir, "serve", Map.of(), "serve", "--listen", "127.0.0.1:0",
            "--db-url", TestDatabase.url(db));
        HttpCalls http = new HttpCalls(port(serve));
        PageViewLoad load = new PageViewLoad(http.port(), 8, "load.example.com");
        try {
            Await.until("2,000 page views stored", Duration.ofSeconds(30), () -> load.stored() > 2000);
        } catch (AssertionError e) {
            serve.kill();
            throw e;
        }
        serve.terminate();   // the clients go on until the port closes
        Cli.Run run = serve.await(30);
        load.close();
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("stopping: answering and committing what is in flight"), run.err());
        assertEquals(load.stored(), Sql.number(db, "SELECT count(*) FROM logs"),
            "every 201 is a stored row and nothing else is (" + load.refused() + " refused while stopping)");
        assertEquals(load.stored(), Sql.number(db, "SELECT sum(views) FROM page_hourly"));
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM ingest_checkpoints"), "the service's batch tag is gone with it");
    }

    @Test
    void aTokenGuardsEverythingButHealth() {
        DbTarget db = TestDatabase.withPipeline();
        String token = "a-token-of-thirty-two-characters";
        try (Service service = Service.start(db, Service.Options.on(0).withToken(token), message -> { }, message -> { })) {
            HttpCalls anonymous = new HttpCalls(service.port());
            assertEquals(200, anonymous.get("/health").status());
            for (String path : List.of("/report?page=/a", "/stats/active-users", "/stats/top-pages", "/stats/sessions")) {
                HttpCalls.Answer answer = anonymous.get(path);
                assertEquals(401, answer.status(), path);
                assertEquals("Bearer", answer.header("WWW-Authenticate"));
            }
            assertEquals(401, anonymous.postJson("/page-views/single", "{\"page\": \"example.com/a\"}").status());
            assertEquals(401, new HttpCalls(service.port()).token("a-token-of-thirty-two-characterz")
                .postJson("/events", "[]").status());
            HttpCalls caller = new HttpCalls(service.port()).token(token);
            assertEquals(201, caller.postJson("/page-views/single", "{\"page\": \"example.com/a\"}").status());
            assertEquals(200, caller.get("/stats/active-users").status());
            assertEquals(1, Sql.number(db, "SELECT count(*) FROM logs"));
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefused() {
        Cli.Run run = Cli.isolated().withoutEnv("WEBTOP_SERVE_TOKEN").run("serve", "--listen", "0.0.0.0:0",
            "--db-url", TestDatabase.url(TestDatabase.target()));
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("webtop: --listen 0.0.0.0:0 is reachable from other machines: set a token first "
            + "(WEBTOP_SERVE_TOKEN or --token-file), or listen on 127.0.0.1", run.err().strip());
        for (String[] bad : new String[][] {{"--listen", "8080"}, {"--listen", "127.0.0.1:99999"},
            {"--linger", "2s"}, {"--queue", "5"}, {"--events-domain", "not a domain"}}) {
            Cli.Run refused = Cli.isolated().run("serve", bad[0], bad[1], "--db-url", TestDatabase.url(TestDatabase.target()));
            assertEquals(2, refused.exitCode(), refused.toString());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
        }
    }
}
