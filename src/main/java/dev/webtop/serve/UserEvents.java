package dev.webtop.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DomainNames;
import dev.webtop.traffic.ClientDetails;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.Visitors;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * User events as real-time analytics services take them, {"timestamp", "user_id", "event_type",
 * "page_url", "session_id"}: one object, an array of them, or one per line (NDJSON). An event
 * that does not match the format is skipped and counted by reason (missing_user_id,
 * bad_timestamp, ...); malformed JSON rejects the whole request. page_url is a path (counted
 * for the events domain), domain/path, or an http(s) URL; its query and fragment are dropped.
 */
final class UserEvents implements BatchingWriter.Rows {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final Pattern PATH = Pattern.compile("/[^\\s\\p{Cntrl}]*");
    private static final int LONGEST_TEXT = 2048;

    private record Event(long micros, String domain, String path, String user, String session, String type) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private final String eventsDomain;

    private UserEvents(String eventsDomain) {
        this.eventsDomain = eventsDomain;
    }

    /** The events of a body; at most `most` of them (413 beyond), malformed JSON 400. */
    static UserEvents parse(byte[] body, String eventsDomain, int most) {
        UserEvents parsed = new UserEvents(eventsDomain);
        // event by event, never the whole array as one tree: a 10 MiB body stays a stream
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parsed.add(parser.readValueAsTree(), most);
                    }
                } else {
                    parsed.add(parser.readValueAsTree(), most);
                }
            }
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("malformed JSON" + (e.getLocation() == null ? "" : " at line "
                + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof HttpError error) {
                throw error;
            }
            throw HttpError.badRequest("malformed JSON: " + String.valueOf(e.getMessage()).split("\n", 2)[0]);
        }
        return parsed;
    }

    private void add(JsonNode event, int most) {
        if (events.size() + skippedCount() >= most) {
            throw new HttpError(413, "at most " + most + " events are taken in one request");
        }
        String reason = check(event);
        if (reason != null) {
            skipped.merge(reason, 1L, Long::sum);
        }
    }

    /** Adds the event and returns null, or returns why it is skipped. */
    private String check(JsonNode event) {
        if (!event.isObject()) {
            return "not_an_object";
        }
        String time = text(event, "timestamp");
        String user = text(event, "user_id");
        String type = text(event, "event_type");
        String url = text(event, "page_url");
        String session = text(event, "session_id");
        for (String field : List.of("timestamp", "user_id", "event_type", "page_url", "session_id")) {
            JsonNode value = event.get(field);
            if (value == null || value.isNull() || value.isTextual() && value.textValue().isEmpty()) {
                return "missing_" + field;
            }
            if (!value.isTextual() || value.textValue().length() > LONGEST_TEXT
                || value.textValue().chars().anyMatch(Character::isISOControl)) {
                return "bad_" + field;
            }
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return "bad_timestamp";
        }
        if (!LogBatch.storable(at)) {
            return "bad_timestamp";
        }
        if (!EVENT_TYPE.matcher(type).matches()) {
            return "bad_event_type";
        }
        String[] page = page(url);
        if (page == null) {
            return "bad_page_url";
        }
        events.add(new Event(LogBatch.micros(at), page[0], page[1], user, session,
            type));
        return null;
    }

    /** {domain, path} of a page_url, or null when it is none of path, domain/path or http(s) URL. */
    private String[] page(String url) {
        String bare = url.split("[?#]", 2)[0];
        if (bare.startsWith("/")) {
            return PATH.matcher(bare).matches() ? new String[] {eventsDomain, bare} : null;
        }
        if (bare.startsWith("http://") || bare.startsWith("https://")) {
            try {
                URI uri = new URI(bare);
                String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                return DomainNames.isValid(host) && PATH.matcher(path).matches() ? new String[] {host, path} : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }
        int slash = bare.indexOf('/');
        String domain = slash < 0 ? bare : bare.substring(0, slash);
        String path = slash < 0 ? "/" : bare.substring(slash);
        return DomainNames.isValid(domain) && PATH.matcher(path).matches() ? new String[] {domain, path} : null;
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private long skippedCount() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Events skipped, by reason. */
    Map<String, Long> skipped() {
        return skipped;
    }

    @Override
    public long size() {
        return events.size();
    }

    @Override
    public void addTo(LogBatch batch, Names names, Visitors visitors, ClientDetails details) {
        for (Event e : events) {
            int row = batch.add(e.micros(), names.of(e.domain()), names.of(e.path()));
            batch.visitor(row, names.of(e.user()), names.of(e.session()));
            batch.eventType(row, e.type().equals("page_view") ? LogBatch.PAGE_VIEW : names.of(e.type()));
        }
    }
}
