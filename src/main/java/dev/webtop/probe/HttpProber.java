package dev.webtop.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Handshake;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Checks URLs over HTTP(S), many at once. Every check opens its own connection (no pooling, no
 * silent retries, no Happy Eyeballs), times each phase, reads at most `bodyCap` bytes of the body
 * and applies the target's rules. A failure is a result like any other, never an exception.
 */
public final class HttpProber {
    public static final long DEFAULT_BODY_CAP = 1024 * 1024;

    static {
        // the JVM caches successful lookups for 30 s; a probe must time (and see) every lookup
        Security.setProperty("networkaddress.cache.ttl", "0");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
    }

    private final OkHttpClient client;
    private final AtomicBoolean warm = new AtomicBoolean();
    private final Duration timeout;
    private final long bodyCap;
    private final RecordingTrustManager trust;
    private final String location;

    /** With the system's trust store. */
    public HttpProber(Duration timeout, int concurrency, long bodyCap, String location) {
        this(timeout, concurrency, bodyCap, location, RecordingTrustManager.overSystemTrust());
    }

    /** With a trust store of its own (tests use their own certificate authority). */
    HttpProber(Duration timeout, int concurrency, long bodyCap, String location, X509TrustManager trust) {
        this(timeout, concurrency, bodyCap, location, new RecordingTrustManager(trust));
    }

    private HttpProber(Duration timeout, int concurrency, long bodyCap, String location, RecordingTrustManager trust) {
        this.trust = trust;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .retryOnConnectionFailure(false)
            .fastFallback(false)
            .followRedirects(true)
            .followSslRedirects(true)
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            // each call's own timer travels with its request, so one client serves every check
            .eventListenerFactory(call -> call.request().tag(PhaseTimer.class))
            .sslSocketFactory(trust.socketFactory(), trust);
        this.client = builder.build();
        this.timeout = timeout;
        this.bodyCap = bodyCap;
        this.location = location;
    }

    /**
     * Loads what a check needs with one untimed check on loopback (see LoopbackWarmUp), through
     * the very code the checks run; done once, and before the first check at the latest.
     */
    public void warmUp() {
        if (warm.compareAndSet(false, true)) {
            try (LoopbackWarmUp server = LoopbackWarmUp.start()) {
                if (server != null) {
                    checkAll(List.of(ProbeTarget.of(server.url(), StatusSet.SUCCESS, List.of(), List.of(), null, "warm-up")));
                }
            } catch (RuntimeException e) {
                // a warm-up that fails leaves the checks as they were, only slower the first time
            }
        }
    }

    /** Checks every target concurrently (up to the concurrency) and returns the results in order. */
    public List<ProbeResult> check(List<ProbeTarget> targets) {
        warmUp();
        if (targets.stream().anyMatch(target -> target.url().isHttps())) {
            trust.ready();   // not inside a check's timings
        }
        return checkAll(targets);
    }

    private List<ProbeResult> checkAll(List<ProbeTarget> targets) {
        List<ProbeResult> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(targets.size(), null)));
        CountDownLatch done = new CountDownLatch(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            int index = i;
            ProbeTarget target = targets.get(i);
            PhaseTimer timer = new PhaseTimer();
            Instant started = Instant.now();
            Call call = client.newCall(new Request.Builder().url(target.url())
                .header("User-Agent", "webtop-probe").tag(PhaseTimer.class, timer).build());
            call.enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    results.set(index, failed(target, started, timer, e));
                    done.countDown();
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        results.set(index, answered(target, started, timer, response));
                    } catch (IOException | RuntimeException e) {
                        results.set(index, failed(target, started, timer, e));
                    } finally {
                        done.countDown();
                    }
                }
            });
        }
        try {
            if (!done.await(timeout.toMillis() * Math.max(1, targets.size()) + 5000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("checks did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.dispatcher().cancelAll();
        }
        return List.copyOf(results);
    }

    private ProbeResult answered(ProbeTarget target, Instant started, PhaseTimer timer, Response response)
        throws IOException {
        String body = readCapped(response.body());
        double total = timer.elapsedMs();
        Outcome outcome = Outcome.OK;
        String detail = null;
        if (!target.expectStatus().accepts(response.code())) {
            outcome = Outcome.HTTP_STATUS;
            detail = "status " + response.code() + " is not " + target.expectStatus().text();
        } else {
            for (Pattern pattern : target.match()) {
                if (!pattern.matcher(body).find()) {
                    outcome = Outcome.CONTENT_MISMATCH;
                    detail = "Page content not expected: no match for /" + pattern.pattern() + "/";
                    break;
                }
            }
            for (Pattern pattern : target.noMatch()) {
                if (outcome == Outcome.OK && pattern.matcher(body).find()) {
                    outcome = Outcome.CONTENT_MISMATCH;
                    detail = "Page content not expected: matches /" + pattern.pattern() + "/";
                }
            }
        }
        if (outcome == Outcome.OK && target.maxLatency() != null && total > target.maxLatency().toMillis()) {
            outcome = Outcome.DEGRADED;
            detail = String.format(java.util.Locale.ROOT, "slow: %.0f ms > %d ms", total, target.maxLatency().toMillis());
        }
        Handshake handshake = response.handshake() != null ? response.handshake() : timer.handshake();
        PhaseTimer.Expiry expiry = timer.certificateExpiry();
        if (outcome == Outcome.OK && target.minCertDays() != null && expiry.earliest() != null) {
            long daysLeft = Duration.between(Instant.now(), expiry.earliest()).toDays();
            if (daysLeft < target.minCertDays()) {
                outcome = Outcome.CERT_EXPIRING;
                detail = "certificate expires in " + daysLeft + " days (fewer than " + target.minCertDays() + ")";
            }
        }
        int redirects = 0;
        for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
            redirects++;
        }
        return new ProbeResult(started, location, target.url().toString(), outcome,
            outcome.up() ? null : "response", detail,
            response.code(), response.message(), timer.dnsMs(), timer.connectMs(), timer.tlsMs(),
            timer.ttfbMs(), timer.transferMs(), total, (long) body.getBytes(StandardCharsets.UTF_8).length,
            response.request().url().toString(), redirects, timer.remoteIp(),
            handshake == null ? null : handshake.tlsVersion().javaName(), expiry.leaf(), expiry.earliest());
    }

    private ProbeResult failed(ProbeTarget target, Instant started, PhaseTimer timer, Throwable error) {
        ProbeClassifier.Failure failure = ProbeClassifier.classify(error, timer.phase());
        Handshake handshake = timer.handshake();
        PhaseTimer.Expiry expiry = timer.certificateExpiry();
        return new ProbeResult(started, location, target.url().toString(), failure.outcome(), timer.phase(),
            failure.detail(), null, null, timer.dnsMs(), timer.connectMs(), timer.tlsMs(), timer.ttfbMs(),
            timer.transferMs(), timer.elapsedMs(), null, null, 0, timer.remoteIp(),
            handshake == null ? null : handshake.tlsVersion().javaName(), expiry.leaf(), expiry.earliest());
    }

    /** At most bodyCap bytes, so a huge or endless body costs bounded memory. */
    private String readCapped(ResponseBody body) throws IOException {
        BufferedSource source = body.source();
        source.request(bodyCap);
        long available = Math.min(bodyCap, source.getBuffer().size());
        String text = source.getBuffer().readString(available, StandardCharsets.UTF_8);
        if (available < bodyCap) {
            // drain to the end so that responseBodyEnd times the whole transfer
            while (!source.exhausted()) {
                source.skip(source.getBuffer().size());
            }
        }
        return text;
    }
}
