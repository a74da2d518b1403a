package dev.webtop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogParserTest {
    private static AccessLogParser.Line parse(String format, String line) throws AccessLogParser.Rejected {
        return new AccessLogParser(AccessLogFormat.of(format)).parse(line);
    }

    private static Instant time(AccessLogParser.Line line) {
        return Instant.ofEpochSecond(line.epochMicros() / 1_000_000, line.epochMicros() % 1_000_000 * 1000);
    }

    private static AccessLogParser.Reason reason(String format, String line) {
        return assertThrows(AccessLogParser.Rejected.class, () -> parse(format, line)).reason;
    }

    @Test
    void combinedKeepsTheZoneAndDropsTheQuery() throws Exception {
        AccessLogParser.Line line = parse("combined", "203.0.113.9 - bob [10/Oct/2000:13:55:36 -0700] "
            + "\"GET /apache_pb.gif?x=1 HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 \\\"q\\\"\"");
        assertEquals(Instant.parse("2000-10-10T20:55:36Z"), time(line));
        assertEquals("GET /apache_pb.gif 200 2326", line.method() + " " + line.path() + " " + line.status() + " " + line.bytes());
        assertEquals("http://www.example.com/start.html", line.referrer());
        assertEquals("Mozilla/4.08 \"q\"", line.agent());
        assertEquals("203.0.113.9", line.ip());
    }

    @Test
    void commonVcombinedJsonAndCustomFormats() throws Exception {
        AccessLogParser.Line common = parse("common", "::1 - - [23/Nov/2026:10:00:00 +0000] \"HEAD / HTTP/1.1\" 304 -");
        assertEquals(-1, common.bytes());
        assertNull(common.agent());
        AccessLogParser.Line vhost = parse("vcombined", "shop.example:443 198.51.100.7 - - [23/Nov/2026:10:00:00 +0100] "
            + "\"GET /cart HTTP/2.0\" 200 51 \"-\" \"curl/8.5.0\"");
        assertEquals("shop.example", vhost.host());
        assertEquals(Instant.parse("2026-11-23T09:00:00Z"), time(vhost));
        AccessLogParser.Line json = parse("json", "{\"time_iso8601\":\"2026-11-23T10:00:00+00:00\",\"remote_addr\":\"10.1.1.1\","
            + "\"request\":\"GET /api/items?page=2 HTTP/1.1\",\"status\":\"201\",\"body_bytes_sent\":\"12\","
            + "\"http_referer\":\"\",\"http_user_agent\":\"k6/0.50\",\"host\":\"api.example\"}");
        assertEquals("api.example /api/items 201", json.host() + " " + json.path() + " " + json.status());
        AccessLogParser.Line custom = parse("$remote_addr $host [$time_local] \"$request\" $status $request_time",
            "10.0.0.1 blog.example [23/Nov/2026:10:00:00 +0000] \"GET /post/1 HTTP/1.1\" 200 0.012");
        assertEquals("blog.example /post/1 200", custom.host() + " " + custom.path() + " " + custom.status());
        AccessLogParser.Line apache = parse("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D",
            "10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"ua\" 1234");
        assertEquals("/a ua", apache.path() + " " + apache.agent());
    }

    @Test
    void everyRejectReason() throws Exception {
        assertEquals(AccessLogParser.Reason.UNPARSEABLE, reason("combined", "not a log line"));
        assertEquals(AccessLogParser.Reason.BAD_TIMESTAMP, reason("combined",
            "1.2.3.4 - - [31/Foo/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\""));
        assertEquals(AccessLogParser.Reason.BAD_REQUEST, reason("combined",
            "1.2.3.4 - - [23/Nov/2026:10:00:00 +0000] \"\\x16\\x03\\x01\" 400 1 \"-\" \"-\""));
        AccessLogParser parser = new AccessLogParser(AccessLogFormat.of("combined"));
        byte[] invalid = "1.2.3.4 \u00e9".getBytes(StandardCharsets.UTF_8);
        invalid[invalid.length - 1] = (byte) 0xff;
        assertEquals(AccessLogParser.Reason.INVALID_UTF8,
            assertThrows(AccessLogParser.Rejected.class, () -> parser.text(invalid, 0, invalid.length)).reason);
        byte[] huge = new byte[AccessLogParser.MAX_LINE_BYTES + 1];
        assertEquals(AccessLogParser.Reason.TOO_LONG,
            assertThrows(AccessLogParser.Rejected.class, () -> parser.text(huge, 0, huge.length)).reason);
    }
}
