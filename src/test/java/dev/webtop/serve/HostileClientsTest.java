package dev.webtop.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that do not play by the rules, on raw sockets: malformed requests get their 4xx as one
 * line of JSON and change nothing, and hundreds of idle or stalled connections (more than the
 * service has threads) do not keep others from being answered.
 */
class HostileClientsTest {
    private static DbTarget db;
    private static Service service;

    @BeforeAll
    static void start() {
        db = TestDatabase.withPipeline();
        service = Service.start(db, Service.Options.on(0), m -> { }, m -> { });
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** Sends raw bytes and returns the status line and body of the answer. */
    private static String[] raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int blank = answer.indexOf("\r\n\r\n");
            return new String[] {answer.substring(0, answer.indexOf("\r\n")), blank < 0 ? "" : answer.substring(blank + 4)};
        }
    }

    @Test
    void malformedRequestsGetTheirStatusAsOneLineOfJson() throws IOException {
        String[][] cases = {
            {"GET /health HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", "400"},
            {"GET /health HTTP/1.1\r\nHost: a\r\nX Space: one\r\n\r\n", "400"},
            {"GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", "414"},
            {"GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(100_000) + "\r\n\r\n", "431"},
            {"POST /events HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n", "400"},
            {"POST /events HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n", "400"},
            {"POST /events HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n[", "413"},
            {"GET /health HTTP/9.9\r\nHost: a\r\n\r\n", "505"},
            {"GET /%00 HTTP/1.1\r\nHost: a\r\n\r\n", "400"},
            {"GET /static/..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: a\r\n\r\n", "400"},
        };
        for (String[] c : cases) {
            String[] answer = raw(c[0]);
            String shown = c[0].substring(0, Math.min(60, c[0].length()));
            assertTrue(answer[0].startsWith("HTTP/1.1 " + c[1]), shown + " -> " + answer[0]);
            assertTrue(answer[1].startsWith("{\"error\":\"") && answer[1].strip().lines().count() == 1,
                shown + " -> " + answer[1]);
        }
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"));
    }

    @Test
    void idleAndStalledConnectionsDoNotStarveOthers() throws IOException {
        List<Socket> hostile = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket idle = new Socket("127.0.0.1", service.port());   // connects, says nothing
                hostile.add(idle);
                Socket stalled = new Socket("127.0.0.1", service.port());   // announces a body, sends half of it
                stalled.getOutputStream().write(("POST /events HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n[{\"timestamp\":").getBytes(StandardCharsets.ISO_8859_1));
                hostile.add(stalled);
            }
            HttpCalls http = new HttpCalls(service.port());
            long started = System.nanoTime();
            HttpCalls.Answer answer = http.postJson("/page-views/single", "{\"page\": \"calm.example.com/\"}");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(201, answer.status(), answer.toString());
            assertTrue(millis < 5000, "answered in " + millis + " ms beside 600 hostile connections");
            assertEquals(1, Sql.number(db, "SELECT count(*) FROM logs"));
        } finally {
            for (Socket socket : hostile) {
                socket.close();
            }
        }
    }
}
