package dev.webtop.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.base.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * One access-log line to its fields, or the reason it cannot be read. Times keep their zone
 * (Apache's `10/Oct/2000:13:55:36 -0700`, ISO-8601, or epoch seconds); the request line gives
 * method, path and query string (the fragment dropped; only the query's utm_ tags are kept).
 */
final class AccessLogParser {
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** Why a line was not stored. */
    enum Reason {
        UNPARSEABLE, BAD_TIMESTAMP, BAD_REQUEST, TOO_LONG, INVALID_UTF8;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A line that cannot be stored, and why; without a stack trace (rejects are common). */
    static final class Rejected extends Exception {
        final Reason reason;

        Rejected(Reason reason) {
            super(reason.label(), null, false, false);
            this.reason = reason;
        }
    }

    /** The fields of one request. */
    record Line(long epochMicros, String host, String ip, String method, String path, String query, int status,
                long bytes, String referrer, String agent) {
    }

    private final AccessLogFormat format;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    AccessLogParser(AccessLogFormat format) {
        this.format = format;
    }

    /** The line's bytes (without its newline) to text: strict UTF-8, at most 64 KiB. */
    String text(byte[] bytes, int from, int length) throws Rejected {
        if (length > MAX_LINE_BYTES) {
            throw new Rejected(Reason.TOO_LONG);
        }
        boolean ascii = true;
        for (int i = from; i < from + length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw new Rejected(Reason.INVALID_UTF8);
        }
    }

    Line parse(String text) throws Rejected {
        if (format.isJson()) {
            return parseJson(text);
        }
        Matcher m = format.pattern.matcher(text);
        if (!m.matches()) {
            throw new Rejected(Reason.UNPARSEABLE);
        }
        String method;
        String[] target;
        if (format.has("request")) {
            String[] request = request(unescape(m.group("request")));
            method = request[0];
            target = new String[] {request[1], request[2]};
        } else if (format.has("path")) {
            method = format.has("method") ? m.group("method") : "GET";
            target = target(m.group("path"));
        } else {
            throw new Rejected(Reason.BAD_REQUEST);
        }
        long micros = time(m.group("time"));
        return new Line(micros, format.has("host") ? m.group("host") : null, format.has("ip") ? m.group("ip") : null,
            method, target[0], target[1], format.has("status") ? Integer.parseInt(m.group("status")) : 200,
            format.has("bytes") ? bytes(m.group("bytes")) : -1,
            format.has("referrer") ? dash(unescape(m.group("referrer"))) : null,
            format.has("agent") ? dash(unescape(m.group("agent"))) : null);
    }

    /** nginx `escape=json` lines, with nginx's variable names as keys. */
    private Line parseJson(String text) throws Rejected {
        JsonNode node;
        try {
            node = Json.read(text, JsonNode.class);
        } catch (Exception e) {
            throw new Rejected(Reason.UNPARSEABLE);
        }
        if (node == null || !node.isObject()) {
            throw new Rejected(Reason.UNPARSEABLE);
        }
        String time = first(node, "time_iso8601", "time_local", "time", "timestamp", "msec");
        if (time == null) {
            throw new Rejected(Reason.BAD_TIMESTAMP);
        }
        String method;
        String[] target;
        String request = first(node, "request");
        if (request != null) {
            String[] parts = request(request);
            method = parts[0];
            target = new String[] {parts[1], parts[2]};
        } else {
            method = first(node, "request_method");
            String uri = first(node, "request_uri", "uri");
            if (method == null || uri == null) {
                throw new Rejected(Reason.BAD_REQUEST);
            }
            target = target(uri);
            if (target[1] == null && first(node, "args", "query_string") != null) {
                target[1] = first(node, "args", "query_string");
            }
        }
        String status = first(node, "status");
        int code;
        try {
            code = status == null ? 200 : Integer.parseInt(status);
        } catch (NumberFormatException e) {
            throw new Rejected(Reason.UNPARSEABLE);
        }
        String bytes = first(node, "body_bytes_sent", "bytes_sent");
        return new Line(time(time), first(node, "host", "server_name", "http_host"),
            first(node, "remote_addr", "http_x_forwarded_for"), method, target[0], target[1], code,
            bytes == null ? -1 : bytes(bytes), dash(first(node, "http_referer")), dash(first(node, "http_user_agent")));
    }

    private static String first(JsonNode node, String... keys) {
        for (String key : keys) {
            JsonNode value = node.get(key);
            if (value != null && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    /** `GET /a?b HTTP/1.1` to method, path and query string (null when none). */
    private static String[] request(String request) throws Rejected {
        int first = request.indexOf(' ');
        if (first <= 0) {
            throw new Rejected(Reason.BAD_REQUEST);
        }
        int second = request.indexOf(' ', first + 1);
        String method = request.substring(0, first);
        String target = second < 0 ? request.substring(first + 1) : request.substring(first + 1, second);
        for (int i = 0; i < method.length(); i++) {
            if (method.charAt(i) < 'A' || method.charAt(i) > 'Z') {
                throw new Rejected(Reason.BAD_REQUEST);
            }
        }
        String[] split = target(target);
        return new String[] {method, split[0], split[1]};
    }

    /** A request target to its path and its query string (null when none); the fragment is dropped. */
    private static String[] target(String target) throws Rejected {
        String path = target;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        if (!path.startsWith("/") && !path.equals("*")) {
            throw new Rejected(Reason.BAD_REQUEST);
        }
        int end = path.length();
        int query = path.indexOf('?');
        int fragment = path.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String queryString = query < 0 ? null : path.substring(query + 1, fragment > query ? fragment : path.length());
        return new String[] {path.substring(0, end), queryString};
    }

    /** Apache `10/Oct/2000:13:55:36 -0700`, ISO-8601 with an offset, or epoch seconds (nginx msec). */
    static long time(String text) throws Rejected {
        try {
            if (text.length() == 26 && text.charAt(2) == '/' && text.charAt(6) == '/' && text.charAt(11) == ':') {
                int day = Integer.parseInt(text, 0, 2, 10);
                int monthAt = MONTHS.indexOf(text.substring(3, 6));
                int month = monthAt < 0 || monthAt % 3 != 0 ? 0 : monthAt / 3 + 1;
                int year = Integer.parseInt(text, 7, 11, 10);
                int hour = Integer.parseInt(text, 12, 14, 10);
                int minute = Integer.parseInt(text, 15, 17, 10);
                int second = Integer.parseInt(text, 18, 20, 10);
                int sign = text.charAt(21) == '-' ? -1 : 1;
                int offset = sign * (Integer.parseInt(text, 22, 24, 10) * 3600 + Integer.parseInt(text, 24, 26, 10) * 60);
                if (month < 1 || text.charAt(21) != '+' && text.charAt(21) != '-') {
                    throw new Rejected(Reason.BAD_TIMESTAMP);
                }
                long epoch = LocalDateTime.of(year, month, day, hour, minute, second)
                    .toEpochSecond(ZoneOffset.ofTotalSeconds(offset));
                return epoch * 1_000_000L;
            }
            if (!text.isEmpty() && Character.isDigit(text.charAt(0)) && text.indexOf('-') < 0) {
                return Math.round(Double.parseDouble(text) * 1_000_000);
            }
            var at = OffsetDateTime.parse(text).toInstant();
            return at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
        } catch (NumberFormatException | DateTimeException | IndexOutOfBoundsException e) {
            throw new Rejected(Reason.BAD_TIMESTAMP);
        }
    }

    private static long bytes(String text) {
        return text.equals("-") ? -1 : Long.parseLong(text);
    }

    private static String dash(String text) {
        return text == null || text.equals("-") || text.isEmpty() ? null : text;
    }

    /** Apache and nginx write \" and \\ (and \xHH) inside quoted fields. */
    private static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                if (next == 'x' && i + 2 < text.length()) {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
