package dev.webtop.alert;

import dev.webtop.base.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * webtop's own webhook: a JSON body of version 1 (AlertMessage.webhookBody), the message id in
 * X-Webtop-Message-Id, and with a secret an HMAC-SHA256 of the exact body in
 * X-Webtop-Signature: sha256=HEX. Any 2xx answer means taken.
 */
final class WebhookSender implements Sender {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final AlertChannel channel;
    private final OkHttpClient http;

    WebhookSender(AlertChannel channel, OkHttpClient http) {
        this.channel = channel;
        this.http = http;
    }

    @Override
    public String send(AlertMessage message) throws IOException {
        byte[] body = Json.write(message.webhookBody()).getBytes(StandardCharsets.UTF_8);
        Request.Builder request = new Request.Builder().url(channel.url())
            .header("User-Agent", "webtop-alerts")
            .header("X-Webtop-Message-Id", message.messageId().toString())
            .post(RequestBody.create(body, JSON));
        if (channel.secret() != null) {
            request.header("X-Webtop-Signature", "sha256=" + signature(channel.secret(), body));
        }
        return post(http, request.build());
    }

    /** HMAC-SHA256 of the body with the secret, in lowercase hex: what a receiver recomputes. */
    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * Posts and returns "HTTP 200" for a 2xx answer; anything else is Refused with the answer's
     * start and, when the receiver asked for it (Retry-After in seconds), when to try again.
     */
    static String post(OkHttpClient http, Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            String answer = "HTTP " + response.code();
            if (!response.isSuccessful()) {
                String text = response.body().string().strip().replaceAll("\\s+", " ");
                throw new Refused(answer + (text.isEmpty() ? "" : ": "
                    + (text.length() > 200 ? text.substring(0, 200) + "…" : text)), retryAfter(response));
            }
            return answer;
        }
    }

    /** Retry-After in seconds (at most an hour), or 0 when absent or given as a date. */
    private static long retryAfter(Response response) {
        try {
            return Math.min(3600, Math.max(0, Long.parseLong(response.header("Retry-After", "0").strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
