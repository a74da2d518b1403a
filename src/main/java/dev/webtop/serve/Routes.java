package dev.webtop.serve;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Which endpoint answers a request, who may call it, and how a failure becomes an answer: a
 * one-line JSON error with its 4xx or 5xx, never a stack trace. With a token set, everything
 * but /health needs `Authorization: Bearer TOKEN`.
 */
final class Routes extends Handler.Abstract {
    /** An endpoint answers through the exchange; the future completes once it has answered. */
    interface Endpoint {
        CompletableFuture<Void> handle(Exchange exchange) throws Exception;
    }

    private static final String QUERY_CANCELED = "57014";
    private static final String COOKIE = "webtop_token";
    /** Request bodies held at once, in bytes: with their parsed events, well inside serve's heap. */
    private static final long BODY_BUDGET = 48L * 1024 * 1024;

    private record Route(String method, boolean open, Endpoint endpoint) {
    }

    private final Map<String, Map<String, Route>> routes = new HashMap<>();   // path, then method
    private final Map<String, Map<String, Route>> prefixes = new LinkedHashMap<>();   // path prefix, then method
    private final byte[] token;
    private final ServeCounters counters;
    private final Consumer<String> verbose;
    private final BodyBudget bodies = new BodyBudget(BODY_BUDGET);

    /** token: null when every caller may read and write (loopback only); verbose: where failures are told. */
    Routes(String token, ServeCounters counters, Consumer<String> verbose) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.counters = counters;
        this.verbose = verbose;
    }

    /** An endpoint anyone may call, even with a token set (health checks); a path ending in * is a prefix. */
    Routes open(String method, String path, Endpoint endpoint) {
        return add(method, path, true, endpoint);
    }

    /** An endpoint that needs the token when one is set; a path ending in * is a prefix. */
    Routes guarded(String method, String path, Endpoint endpoint) {
        return add(method, path, false, endpoint);
    }

    /** The same endpoint, open or guarded as asked (`serve --public-status`). */
    Routes route(String method, String path, boolean open, Endpoint endpoint) {
        return add(method, path, open, endpoint);
    }

    private Routes add(String method, String path, boolean open, Endpoint endpoint) {
        Map<String, Map<String, Route>> table = path.endsWith("*") ? prefixes : routes;
        String key = path.endsWith("*") ? path.substring(0, path.length() - 1) : path;
        table.computeIfAbsent(key, p -> new TreeMap<>()).put(method, new Route(method, open, endpoint));
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        counters.request();
        Exchange exchange = new Exchange(request, response, callback, bodies);
        CompletableFuture<Void> answered;
        try {
            answered = dispatch(exchange);
        } catch (Exception e) {
            answered = CompletableFuture.failedFuture(e);
        }
        answered.whenComplete((done, failure) -> {
            exchange.release();
            if (failure != null) {
                fail(exchange, failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
            }
        });
        return true;
    }

    private CompletableFuture<Void> dispatch(Exchange exchange) throws Exception {
        Map<String, Route> methods = routes.get(exchange.path());
        if (methods == null) {
            methods = prefixes.entrySet().stream().filter(p -> exchange.path().startsWith(p.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (methods == null) {
            throw new HttpError(404, "no such endpoint: " + exchange.path());
        }
        Route route = methods.get(exchange.method());
        if (route == null) {
            String allowed = String.join(", ", methods.keySet());
            exchange.response().getHeaders().put(HttpHeader.ALLOW, allowed);
            throw new HttpError(405, exchange.path() + " takes " + allowed + ", not " + exchange.method());
        }
        if (!route.open() && !authorised(exchange)) {
            exchange.response().getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            throw new HttpError(401, "this endpoint needs the service's token: Authorization: Bearer TOKEN "
                + "(in a browser, open /?token=TOKEN once)");
        }
        return route.endpoint().handle(exchange);
    }

    private boolean authorised(Exchange exchange) {
        if (token == null) {
            return true;
        }
        String given = exchange.header(HttpHeader.AUTHORIZATION);
        if (given != null && given.startsWith("Bearer ")) {
            return matches(given.substring(7).trim());
        }
        // a browser: the token once in the address (/?token=...), then in a cookie of this service's own
        String fromAddress = exchange.param("token");
        if (fromAddress != null && matches(fromAddress)) {
            exchange.response().getHeaders().add(HttpHeader.SET_COOKIE,
                COOKIE + "=" + fromAddress + "; Path=/; HttpOnly; SameSite=Strict");
            return true;
        }
        String fromCookie = exchange.cookie(COOKIE);
        return fromCookie != null && matches(fromCookie);
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private void fail(Exchange exchange, Throwable failure) {
        if (failure instanceof HttpError e) {
            counters.refused(e.status() == 413 ? "too_large" : e.status() == 415 ? "wrong_content_type"
                : e.status() == 404 || e.status() == 405 ? "no_such_endpoint" : e.status() == 401 ? "unauthorised"
                : "bad_input");
            exchange.error(e.status(), e.getMessage());
        } else if (failure instanceof Refusal e) {
            counters.refused(e.retry() ? "unavailable" : "failed");
            if (e.retry()) {
                exchange.unavailable(e.getMessage(), 5);
            } else {
                exchange.error(500, e.getMessage());
            }
        } else if (failure instanceof WebtopException e && e.exitCode() == ExitCode.BAD_INPUT) {
            counters.refused("bad_input");
            exchange.error(400, e.getMessage().replaceAll("--(page|now|order|take)\\b", "$1"));
        } else if (failure instanceof SQLException e && QUERY_CANCELED.equals(e.getSQLState())) {
            counters.refused("unavailable");
            exchange.unavailable("the query took longer than the service allows; try a shorter period", 30);
        } else if (failure instanceof WebtopException e && e.exitCode() == ExitCode.DB_UNREACHABLE
            || failure instanceof SQLException e2 && (Database.isConnectionFailure(e2)
                || e2 instanceof SQLTransientConnectionException)) {
            counters.refused("unavailable");
            exchange.unavailable("the database is away: " + failure.getMessage(), 5);
        } else {
            counters.refused("failed");
            verbose.accept("failed: " + exchange.method() + " " + exchange.path() + ": " + failure);
            exchange.error(500, "the request failed inside webtop (see the service's log with --verbose)");
        }
    }
}
