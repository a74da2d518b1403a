package dev.webtop.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One message of the outbox: a rule's alert firing, resolved or still firing (a reminder) for a
 * subject. messageId is the same on every attempt, so a receiver can drop a repeat.
 */
public record AlertMessage(long id, UUID messageId, String channel, Long ruleId, String event, String kind,
                           String subject, String summary, Instant occurredAt) {

    /** The version of the webhook body; it changes only when a field changes meaning or goes. */
    static final int WEBHOOK_VERSION = 1;

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
        .withZone(ZoneOffset.UTC);

    /** What `webtop alert test` sends. */
    static AlertMessage test(String channel) {
        return new AlertMessage(0, UUID.randomUUID(), channel, null, "test", "test", channel,
            "a test message from webtop: alerts of channel " + channel + " reach you", Instant.now());
    }

    /** A short title: "[webtop] FIRING down: https://example.com". */
    String title() {
        String state = switch (event) {
            case "resolved" -> "RESOLVED";
            case "reminder" -> "STILL FIRING";
            default -> "FIRING";
        };
        if ("test".equals(event)) {
            return "[webtop] TEST message to channel " + channel;
        }
        return "[webtop] " + state + " " + kind + ": " + subject;
    }

    /** The body people read (Slack, e-mail): the title, the summary, when and which message. */
    String text() {
        return title() + "\n" + summary + "\n" + (ruleId == null ? "" : "rule " + ruleId + " · ")
            + "at " + SHOWN.format(occurredAt) + " · message " + messageId;
    }

    /** The generic webhook's JSON body (version 1); the same on every attempt. */
    Map<String, Object> webhookBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", WEBHOOK_VERSION);
        body.put("id", messageId.toString());
        body.put("event", event);
        body.put("kind", kind);
        body.put("rule_id", ruleId);
        body.put("subject", subject);
        body.put("summary", summary);
        body.put("occurred_at", occurredAt.toString());
        body.put("title", title());
        return body;
    }
}
