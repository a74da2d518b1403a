package dev.webtop.alert;

import java.io.IOException;
import okhttp3.OkHttpClient;

/** Sends one message to one channel and says what the receiver answered. */
interface Sender {
    /**
     * Returns the receiver's answer when it took the message ("HTTP 200", "250 OK"); throws when
     * it refused or could not be reached, with a message saying which.
     */
    String send(AlertMessage message) throws IOException;

    static Sender of(AlertChannel channel, OkHttpClient http) {
        return switch (channel.kind()) {
            case WEBHOOK -> new WebhookSender(channel, http);
            case SLACK -> new SlackSender(channel, http);
            case EMAIL -> new MailSender(channel);
        };
    }
}
