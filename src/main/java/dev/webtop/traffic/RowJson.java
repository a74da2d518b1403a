package dev.webtop.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A row of `logs` as the JSON message Kafka carries between a publisher and `webtop record`
 * (schema version 1): {"v": 1, "source": "client", "time": "2026-11-29T10:00:00.123456Z",
 * "domain": "example.com", "path": "/", "event": "page_view", "status": 200, ...}. Only time,
 * domain and path are required; a field left out is unknown (SQL NULL). The publisher has done
 * all that needs its context (visitors, sessions, bot rules, browsers, countries), so a row read
 * back is stored exactly as it would have been written directly.
 */
public final class RowJson {
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();
    /** Distinct texts kept between messages before the cache starts afresh. */
    private static final int KEPT_NAMES = 100_000;

    /** A message that is not a row of this schema; reason says what is wrong, in one line. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);
    /** A recycler pool of this instance's: a thread-local lookup per message costs more than the parse. */
    private final JsonFactory parsers = JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build();
    private String origin;
    private long offset;
    /** Decoded texts share one array per distinct value, as the bookkeeping and breakdowns need. */
    private final Map<String, byte[]> names = new HashMap<>();

    /** Row i of the batch as a message. */
    public byte[] encode(LogBatch batch, int i) {
        return encode(batch, i, null);
    }

    /**
     * Row i of the batch as a message that names its line: the file it was read from (origin,
     * "host:path identity") and where the line ends there ("offset"). `record` stores a line once
     * however often it is shipped.
     */
    public byte[] encode(LogBatch batch, int i, String origin) {
        buffer.reset();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeNumberField("v", VERSION);
            json.writeStringField("source", batch.source.label());
            long micros = batch.timeMicros[i];
            json.writeStringField("time", Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000).toString());
            text(json, "domain", batch.domain[i]);
            text(json, "path", batch.path[i]);
            text(json, "event", batch.eventType[i]);
            json.writeNumberField("status", batch.status[i]);
            if (batch.bytes[i] >= 0) {
                json.writeNumberField("bytes", batch.bytes[i]);
            }
            if (batch.responseMs[i] >= 0) {
                json.writeNumberField("response_ms", batch.responseMs[i]);
            }
            text(json, "user", batch.user[i]);
            text(json, "session", batch.session[i]);
            text(json, "user_agent", batch.userAgent[i]);
            text(json, "referrer", batch.referrer[i]);
            text(json, "client_ip", batch.clientIp[i]);
            text(json, "browser", batch.browser[i]);
            text(json, "os", batch.os[i]);
            text(json, "device", batch.device[i]);
            text(json, "country", batch.country[i]);
            text(json, "utm_source", batch.utmSource[i]);
            text(json, "utm_medium", batch.utmMedium[i]);
            text(json, "utm_campaign", batch.utmCampaign[i]);
            if (batch.entry[i]) {
                json.writeBooleanField("entry", true);
            }
            if (batch.botRule[i] != LogBatch.BOT_NONE) {
                json.writeStringField("bot", batch.botRule[i] == LogBatch.BOT_RATE ? "rate" : "user_agent");
            }
            if (origin != null && batch.lineEnd[i] >= 0) {
                json.writeStringField("origin", origin);
                json.writeNumberField("offset", batch.lineEnd[i]);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void text(JsonGenerator json, String field, byte[] value) throws IOException {
        if (value != null) {
            json.writeFieldName(field);
            json.writeUTF8String(value, 0, value.length);
        }
    }

    /** The source a message names, read before its row is added to the batch of that source. */
    public static Source source(byte[] message) throws Malformed {
        try (JsonParser json = JSON.createParser(message)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("source")) {
                    return source(json, value);
                }
                json.skipChildren();
            }
            throw new Malformed("'source' is missing");
        } catch (IOException e) {
            throw new Malformed("not JSON: " + firstLine(e));
        }
    }

    private static Source source(JsonParser json, JsonToken value) throws IOException, Malformed {
        if (value != JsonToken.VALUE_STRING) {
            throw new Malformed("'source' must be a string");
        }
        String label = json.getText();
        for (Source s : Source.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new Malformed("'source' must be " + Source.accepted() + ", not '" + label + "'");
    }

    /**
     * Adds the row a message holds to the batch of its source and returns that batch; nothing is
     * added when the message is malformed. Messages that begin with "v" and "source", as webtop
     * writes them, are read in one pass.
     */
    public LogBatch decode(byte[] message, Function<Source, LogBatch> batches) throws Malformed {
        if (names.size() > KEPT_NAMES) {
            names.clear();
        }
        origin = null;
        offset = -1;
        try (JsonParser json = parsers.createParser(message)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("not a JSON object");
            }
            int version = 0;
            Source source = null;
            for (int i = 0; i < 2 && source == null && json.nextToken() == JsonToken.FIELD_NAME; i++) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("v")) {
                    version = json.getValueAsInt(-1);
                } else if (field.equals("source")) {
                    source = source(json, value);
                } else {
                    break;
                }
            }
            if (source != null) {
                return fill(json, batches.apply(source), version);
            }
        } catch (IOException | RuntimeException e) {
            throw new Malformed("not JSON: " + firstLine(e));
        }
        try (JsonParser json = parsers.createParser(message)) {   // the fields in another order: two passes
            LogBatch batch = batches.apply(source(message));
            json.nextToken();
            return fill(json, batch, 0);
        } catch (IOException | RuntimeException e) {
            throw new Malformed("not JSON: " + firstLine(e));
        }
    }

    private LogBatch fill(JsonParser json, LogBatch batch, int version) throws IOException, Malformed {
        int row = batch.add(0, null, null);
        try {
            read(json, batch, row, version);
            return batch;
        } catch (IOException | RuntimeException | Malformed e) {
            batch.dropLast();
            throw e;
        }
    }

    /** The object's remaining fields into the row. */
    private void read(JsonParser json, LogBatch batch, int row, int versionSoFar) throws IOException, Malformed {
        boolean timed = false;
        int version = versionSoFar;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "v" -> version = json.getValueAsInt(-1);
                case "source" -> json.getText();   // the batch's source, checked by source()
                case "time" -> {
                    batch.timeMicros[row] = time(json, value);
                    timed = true;
                }
                case "domain" -> batch.domain[row] = text(json, field, value);
                case "path" -> batch.path[row] = text(json, field, value);
                case "event" -> batch.eventType[row] = event(text(json, field, value));
                case "status" -> batch.status[row] = (short) whole(json, field, value, 0, 999);
                case "bytes" -> batch.bytes[row] = whole(json, field, value, 0, Long.MAX_VALUE);
                case "response_ms" -> batch.responseMs[row] = (int) whole(json, field, value, 0, Integer.MAX_VALUE);
                case "user" -> batch.user[row] = text(json, field, value);
                case "session" -> batch.session[row] = text(json, field, value);
                case "user_agent" -> batch.userAgent[row] = text(json, field, value);
                case "referrer" -> batch.referrer[row] = text(json, field, value);
                case "client_ip" -> batch.clientIp[row] = text(json, field, value);
                case "browser" -> batch.browser[row] = text(json, field, value);
                case "os" -> batch.os[row] = text(json, field, value);
                case "device" -> batch.device[row] = text(json, field, value);
                case "country" -> batch.country[row] = text(json, field, value);
                case "utm_source" -> batch.utmSource[row] = text(json, field, value);
                case "utm_medium" -> batch.utmMedium[row] = text(json, field, value);
                case "utm_campaign" -> batch.utmCampaign[row] = text(json, field, value);
                case "entry" -> batch.entry[row] = value == JsonToken.VALUE_TRUE;
                case "bot" -> batch.botRule[row] = bot(json.getText());
                case "origin" -> origin = string(json, field, value);
                case "offset" -> offset = whole(json, field, value, 0, Long.MAX_VALUE);
                default -> json.skipChildren();   // a field a later version added
            }
        }
        if (version != VERSION) {
            throw new Malformed("'v' must be the schema version " + VERSION + ", not " + version);
        }
        if (!timed || batch.domain[row] == null || batch.path[row] == null) {
            throw new Malformed("'time', 'domain' and 'path' are required");
        }
        if ((origin == null) != (offset < 0)) {
            throw new Malformed("'origin' and 'offset' go together");
        }
    }

    /** The file the row decoded last was read from ("host:path identity"), or null for a row of no file. */
    public String origin() {
        return origin;
    }

    /** Where the line of the row decoded last ends in its file. */
    public long offset() {
        return offset;
    }

    private static long time(JsonParser json, JsonToken value) throws IOException, Malformed {
        String text = json.getText();
        try {
            Instant time = Instant.parse(text);
            if (value == JsonToken.VALUE_STRING && LogBatch.storable(time)) {
                return LogBatch.micros(time);
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw new Malformed("'time' must be an ISO-8601 UTC time from 1970 to 9999, like 2026-11-29T10:00:00Z, not '"
            + text + "'");
    }

    private byte[] text(JsonParser json, String field, JsonToken value) throws IOException, Malformed {
        if (value != JsonToken.VALUE_STRING) {
            throw new Malformed("'" + field + "' must be a string");
        }
        String text = json.getText();
        if (text.indexOf('\0') >= 0) {
            throw new Malformed("'" + field + "' holds a NUL character, which the database cannot store");
        }
        if (text.isEmpty() && (field.equals("domain") || field.equals("path"))) {
            throw new Malformed("'" + field + "' must not be empty");
        }
        return names.computeIfAbsent(text, LogBatch::utf8);
    }

    private static String string(JsonParser json, String field, JsonToken value) throws IOException, Malformed {
        if (value != JsonToken.VALUE_STRING || json.getText().isEmpty()) {
            throw new Malformed("'" + field + "' must be a string");
        }
        return json.getText();
    }

    private static byte[] event(byte[] name) {
        return Arrays.equals(name, LogBatch.PAGE_VIEW) ? LogBatch.PAGE_VIEW : name;
    }

    private static long whole(JsonParser json, String field, JsonToken value, long least, long most)
        throws IOException, Malformed {
        if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            || json.getLongValue() < least || json.getLongValue() > most) {
            throw new Malformed("'" + field + "' must be a whole number from " + least + " to " + most);
        }
        return json.getLongValue();
    }

    private static byte bot(String rule) throws Malformed {
        return switch (rule) {
            case "rate" -> LogBatch.BOT_RATE;
            case "user_agent" -> LogBatch.BOT_USER_AGENT;
            default -> throw new Malformed("'bot' must be rate or user_agent, not '" + rule + "'");
        };
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
