package dev.webtop.serve;

import dev.webtop.base.Json;
import dev.webtop.base.Messages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its answer: the query, the body within a limit, and JSON or text written back. */
final class Exchange {
    private static final long LINGER_AT_MOST = 64L * 1024 * 1024;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final BodyBudget budget;
    private Fields query;
    private long reserved;

    Exchange(Request request, Response response, Callback callback, BodyBudget budget) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.budget = budget;
    }

    String method() {
        return request.getMethod();
    }

    String path() {
        return Request.getPathInContext(request);
    }

    String header(HttpHeader name) {
        return request.getHeaders().get(name);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** A cookie's value, or null. */
    String cookie(String name) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The client's address as the connection shows it. */
    String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /** A query parameter, or null when absent; given twice is a bad request. */
    String param(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        }
        Fields.Field field = query.get(name);
        if (field == null) {
            return null;
        }
        if (field.getValues().size() > 1) {
            throw HttpError.badRequest("query parameter '" + name + "' is given more than once");
        }
        return field.getValue();
    }

    /**
     * The body, at most `limit` bytes, read without holding a thread; a body announced or found
     * larger is 413, a content type other than the accepted ones 415.
     */
    CompletableFuture<byte[]> body(int limit, String... contentTypes) {
        String type = header(HttpHeader.CONTENT_TYPE);
        String bare = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(contentTypes).contains(bare)) {
            throw new HttpError(415, "Content-Type must be " + String.join(" or ", contentTypes)
                + (type == null ? "" : ", not " + Messages.oneLine(type)));
        }
        long length = request.getLength();
        if (length > limit) {
            return refuseAfterBody(new HttpError(413, "the body holds " + length + " bytes; at most " + limit
                + " are taken here"), length);
        }
        try {
            budget.reserve(length >= 0 ? length : limit);
        } catch (Refusal refused) {
            return refuseAfterBody(refused, length);
        }
        reserved = length >= 0 ? length : limit;
        return Content.Source.asByteArrayAsync(request, limit).exceptionally(failure -> {
            throw new HttpError(413, "the body is larger than " + limit + " bytes, the most taken here");
        });
    }

    /** Gives back the body's share of the budget; called once the request is answered. */
    void release() {
        budget.release(reserved);
        reserved = 0;
    }

    /**
     * Fails the request once its body has been read and thrown away, as nginx lingers: a client
     * still sending would otherwise get a reset instead of the answer. A body announced larger
     * than 64 MiB is not waited for.
     */
    private CompletableFuture<byte[]> refuseAfterBody(RuntimeException refusal, long length) {
        if (length > LINGER_AT_MOST) {
            throw refusal;
        }
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        Content.Source.consumeAll(request, Callback.from(() -> answer.completeExceptionally(refusal),
            failure -> answer.completeExceptionally(refusal)));
        return answer;
    }

    void json(int status, Object body) {
        send(status, "application/json", Json.write(body));
    }

    /** {"error": "..."}: one line saying what was wrong. */
    void error(int status, String message) {
        json(status, Map.of("error", Messages.oneLine(message)));
    }

    /** 503 with Retry-After: nothing was stored, try again shortly. */
    void unavailable(String message, int retryAfterSeconds) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        error(503, message);
    }

    /** Answers with a body that must not be cached (every API answer). */
    void send(int status, String contentType, String body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        sendCached(status, contentType, body);
    }

    /** Answers, leaving caching to what the caller set. */
    void sendCached(int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }

    /** Answers with bytes under a content type given whole (Prometheus' text format names its version). */
    void sendRaw(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Starts an answer that is written piece by piece (server-sent events). */
    void startStream(String contentType) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");   // a proxy in front must not hold events back
    }

    /** Writes one piece; `written` runs once it is sent, `gone` when the client has left (the answer is over). */
    void streamChunk(byte[] chunk, Runnable written, Consumer<Throwable> gone) {
        response.write(false, ByteBuffer.wrap(chunk), Callback.from(written, failure -> {
            callback.failed(failure);
            gone.accept(failure);
        }));
    }

    /** Ends a streamed answer. */
    void endStream() {
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    Response response() {
        return response;
    }
}
