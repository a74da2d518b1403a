package dev.webtop.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.db.ConnectionPool;
import dev.webtop.report.HourlyReport;
import dev.webtop.traffic.ClientDetails;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.PageViewBatch;
import dev.webtop.traffic.Visitors;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The page-views service's API: GET /health, POST /page-views/single {"page", "timestamp"},
 * POST /page-views/multi (the batch format `generate --from-json` reads, all or nothing, with
 * its checks and messages) and GET /report?page=&now=&order=&take=, the figures of
 * `report hourly --json`.
 */
final class PageViewsApi {
    static final int SINGLE_LIMIT = 64 * 1024;
    static final int BATCH_LIMIT = 10 * 1024 * 1024;

    private final BatchingWriter writer;
    private final ConnectionPool reads;

    PageViewsApi(BatchingWriter writer, ConnectionPool reads) {
        this.writer = writer;
        this.reads = reads;
    }

    /** {"status": "ok"}, or 503 with the reason when the database cannot be written to or read. */
    CompletableFuture<Void> health(Exchange exchange) throws Exception {
        String away = writer.unavailable();
        if (away == null) {
            try {
                reads.run(connection -> connection.isValid(2));
            } catch (Exception e) {
                away = String.valueOf(e.getMessage()).split("\n", 2)[0];
            }
        }
        if (away != null) {
            exchange.json(503, Map.of("status", "unavailable", "reason", "the database is away: " + away));
        } else {
            exchange.json(200, Map.of("status", "ok"));
        }
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> single(Exchange exchange) {
        return exchange.body(SINGLE_LIMIT, "application/json").thenCompose(body -> {
            JsonNode view = JsonFields.tree(body);
            if (!view.isObject()) {
                throw HttpError.badRequest("expected an object like {\"page\": \"example.com/page\", "
                    + "\"timestamp\": \"2025-07-16T10:00:00Z\"}");
            }
            String page = JsonFields.text(view, "page", true);
            String time = JsonFields.text(view, "timestamp", false);
            PageViewBatch one = PageViewBatch.single(page, time == null ? Instant.now().toString() : time,
                "request body");
            return writer.submit(rows(one));
        }).thenAccept(stored -> exchange.json(201, Map.of("stored", stored)));
    }

    CompletableFuture<Void> multi(Exchange exchange) {
        return exchange.body(BATCH_LIMIT, "application/json").thenCompose(body -> {
            PageViewBatch batch = PageViewBatch.read(new ByteArrayInputStream(body), "request body");
            if (batch.views() > writer.capacity()) {
                throw new HttpError(413, "the batch holds " + batch.views() + " page views; at most "
                    + writer.capacity() + " are taken in one request (split it)");
            }
            return writer.submit(rows(batch)).thenApply(stored -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("stored", stored);
                answer.put("pages", batch.pages());
                return answer;
            });
        }).thenAccept(answer -> exchange.json(201, answer));
    }

    CompletableFuture<Void> report(Exchange exchange) throws Exception {
        String page = exchange.param("page");
        if (page == null) {
            throw HttpError.badRequest("page is required: domain/path or /path, like /report?page=example.com/home");
        }
        String take = exchange.param("take");
        HourlyReport report = HourlyReport.of(page, exchange.param("now"), null, null,
            exchange.param("order") == null ? "asc" : exchange.param("order"), take == null ? null : number("take", take));
        exchange.json(200, report.json(reads.run(connection -> report.read(connection, false))));
        return CompletableFuture.completedFuture(null);
    }

    static int number(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name + " must be a whole number, not '" + text + "'");
        }
    }

    private static BatchingWriter.Rows rows(PageViewBatch views) {
        return new BatchingWriter.Rows() {
            @Override
            public long size() {
                return views.views();
            }

            @Override
            public void addTo(LogBatch batch, Names names, Visitors visitors, ClientDetails details) {
                views.addTo(batch);
            }
        };
    }
}
