package dev.webtop.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.webtop.base.Json;
import dev.webtop.probe.ProbeResult;
import dev.webtop.traffic.RowJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A probe result as the message Kafka carries (schema version 1): {"v": 1, "smart": false,
 * "result": {...}} with the result's fields as `probe --json` prints them, keyed by the target so
 * that one target's results stay in order. smart is the probing run's --smart.
 */
final class ProbeMessages {
    record Message(int v, boolean smart, ProbeResult result) {
    }

    private ProbeMessages() {
    }

    static byte[] encode(ProbeResult result, boolean smart) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("v", RowJson.VERSION);
        message.put("smart", smart);
        message.put("result", result);
        return Json.write(message).getBytes(StandardCharsets.UTF_8);
    }

    static Message decode(byte[] bytes) throws RowJson.Malformed {
        Message message;
        try {
            message = Json.read(new String(bytes, StandardCharsets.UTF_8), Message.class);
        } catch (JsonProcessingException e) {
            throw new RowJson.Malformed("not a probe result message: " + e.getOriginalMessage());
        }
        if (message == null || message.v() != RowJson.VERSION) {
            throw new RowJson.Malformed("'v' must be the schema version " + RowJson.VERSION);
        }
        ProbeResult r = message.result();
        if (r == null || r.time() == null || r.target() == null || r.location() == null || r.outcome() == null) {
            throw new RowJson.Malformed("'result' needs time, location, target and outcome");
        }
        return message;
    }
}
