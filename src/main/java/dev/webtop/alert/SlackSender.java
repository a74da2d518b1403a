package dev.webtop.alert;

import dev.webtop.base.Json;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A Slack incoming webhook, or any service that takes Slack's {"text": …} body (Mattermost,
 * Rocket.Chat, Discord's /slack endpoint). The message id is in the text, for people.
 */
final class SlackSender implements Sender {
    private final AlertChannel channel;
    private final OkHttpClient http;

    SlackSender(AlertChannel channel, OkHttpClient http) {
        this.channel = channel;
        this.http = http;
    }

    @Override
    public String send(AlertMessage message) throws IOException {
        String icon = switch (message.event()) {
            case "resolved" -> ":white_check_mark: ";
            case "test" -> ":wave: ";
            default -> ":red_circle: ";
        };
        String body = Json.write(Map.of("text", icon + message.text()));
        return WebhookSender.post(http, new Request.Builder().url(channel.url())
            .header("User-Agent", "webtop-alerts")
            .post(RequestBody.create(body, WebhookSender.JSON)).build());
    }
}
