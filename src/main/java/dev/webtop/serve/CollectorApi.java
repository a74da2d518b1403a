package dev.webtop.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.traffic.ClientDetails;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.Visitors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The collector for real websites: POST /api/event as Plausible's Events API takes it
 * ({"name", "url", "domain", "referrer", "props"}; the visitor from the User-Agent and the
 * client's address), and GET /js/script.js, webtop's own tracker script. Only sites on the
 * allowlist are taken; pages of those sites get CORS answers.
 */
final class CollectorApi {
    private static final int LIMIT = 64 * 1024;
    private static final String SCRIPT = script();

    /** One hit as the writer stores it: the visitor is hashed on the writer thread, per day. */
    private record Hit(long micros, String site, String path, String query, String eventType, String userAgent,
                       String referrer, String address, boolean keepAddress) implements BatchingWriter.Rows {
        @Override
        public long size() {
            return 1;
        }

        @Override
        public void addTo(LogBatch batch, Names names, Visitors visitors, ClientDetails details) {
            int row = batch.add(micros, names.of(site), names.of(path));
            batch.request(row, (short) 200, -1, eventType.equals("pageview") ? LogBatch.PAGE_VIEW : names.of(eventType),
                names.of(userAgent), referrer == null ? null : names.of(referrer),
                keepAddress ? names.of(address) : null);
            visitors.assign(batch, row, address, userAgent == null ? "" : userAgent);
            details.describe(batch, row, userAgent, address, query);
        }
    }

    private final BatchingWriter writer;
    private final Sites sites;
    private final ClientAddress clients;
    private final boolean keepAddresses;

    CollectorApi(BatchingWriter writer, Sites sites, ClientAddress clients, boolean keepAddresses) {
        this.writer = writer;
        this.sites = sites;
        this.clients = clients;
        this.keepAddresses = keepAddresses;
    }

    /** 202 once stored (as Plausible answers), with CORS for the site's pages. */
    CompletableFuture<Void> event(Exchange exchange) {
        allowOrigin(exchange);
        String peer = exchange.remoteAddress();
        String address = clients.of(peer, exchange.header(HttpHeader.X_FORWARDED_FOR));
        String agent = exchange.header(HttpHeader.USER_AGENT);
        long micros = LogBatch.micros(Instant.now());
        return exchange.body(LIMIT, "application/json", "text/plain").thenCompose(body -> {
            Hit hit = hit(JsonFields.tree(body), micros, agent, address);
            return writer.submit(hit);
        }).thenAccept(stored -> exchange.json(202, Map.of("stored", stored)));
    }

    /** The browser's question before a cross-site POST with a JSON content type. */
    CompletableFuture<Void> preflight(Exchange exchange) {
        if (!allowOrigin(exchange)) {
            throw new HttpError(403, "this origin is not a site on the allowlist (webtop site add DOMAIN)");
        }
        exchange.response().getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        exchange.response().getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
        exchange.response().getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
        exchange.send(204, "text/plain", "");
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> script(Exchange exchange) {
        exchange.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=3600");
        exchange.sendCached(200, "application/javascript", SCRIPT);
        return CompletableFuture.completedFuture(null);
    }

    private boolean allowOrigin(Exchange exchange) {
        String origin = exchange.header(HttpHeader.ORIGIN);
        exchange.response().getHeaders().put(HttpHeader.VARY, "Origin");
        if (origin != null && sites.allowsOrigin(origin)) {
            exchange.response().getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            return true;
        }
        return false;
    }

    private Hit hit(JsonNode event, long micros, String agent, String address) {
        if (!event.isObject()) {
            throw HttpError.badRequest("expected an object like {\"name\": \"pageview\", \"url\": \"https://example.com/\", "
                + "\"domain\": \"example.com\"}");
        }
        String name = JsonFields.text(event, "name", true);
        String url = JsonFields.text(event, "url", true);
        String domain = JsonFields.text(event, "domain", true).split(",", 2)[0].trim();
        String referrer = JsonFields.text(event, "referrer", false);
        String site = sites.siteOf(domain);
        if (site == null) {
            throw new HttpError(403, "'" + domain + "' is not a site on the allowlist (webtop site add DOMAIN)");
        }
        String path;
        String query;
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new URISyntaxException(url, "not http(s)");
            }
            path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            query = uri.getRawQuery();
        } catch (URISyntaxException e) {
            throw HttpError.badRequest("'url' must be the page's http(s) URL, not '" + url + "'");
        }
        String type = name.toLowerCase(Locale.ROOT).equals("pageview") ? "pageview" : name;
        if (agent != null && (agent.length() > JsonFields.LONGEST_TEXT || agent.chars().anyMatch(Character::isISOControl))) {
            agent = null;
        }
        return new Hit(micros, site, path, query, type, agent, referrer, address, keepAddresses);
    }

    private static String script() {
        try (InputStream in = CollectorApi.class.getResourceAsStream("script.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
