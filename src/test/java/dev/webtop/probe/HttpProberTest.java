package dev.webtop.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every check against a real server on loopback, started by the test; nothing is mocked. */
class HttpProberTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static HeldCertificate root;
    private static HandshakeCertificates clientTrust;
    private MockWebServer server;

    @BeforeAll
    static void certificateAuthority() {
        root = new HeldCertificate.Builder().certificateAuthority(0).commonName("webtop test CA").build();
        clientTrust = new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("localhost"), 0);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private static HttpProber prober() {
        return new HttpProber(TIMEOUT, 16, HttpProber.DEFAULT_BODY_CAP, "test",
            clientTrust.trustManager());
    }

    private static ProbeTarget target(String url, List<String> match, List<String> noMatch) {
        return ProbeTarget.of(url, StatusSet.SUCCESS, match, noMatch, null, "test");
    }

    private ProbeResult checkOne(MockResponse response, List<String> match, List<String> noMatch) {
        server.enqueue(response);
        return prober().check(List.of(target(server.url("/page").toString(), match, noMatch))).get(0);
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    @Test
    void aHealthyPageIsOkWithEveryPhaseTimedInOrder() {
        ProbeResult result = checkOne(ok("<html><svg width=1></svg></html>"), List.of("<svg\\s+"), List.of());
        assertEquals(Outcome.OK, result.outcome());
        assertEquals(200, result.status());
        assertEquals("OK", result.reason());
        assertEquals(32L, result.bodyBytes());
        assertNull(result.tlsMs(), "no TLS over http");
        assertNotNull(result.connectMs());
        assertNotNull(result.ttfbMs());
        assertTrue(result.connectMs() <= result.ttfbMs() && result.ttfbMs() <= result.totalMs(), result.toString());
        if (result.dnsMs() != null) {
            assertTrue(result.dnsMs() <= result.connectMs(), result.toString());
        }
        assertTrue(result.responsive());
        assertEquals("127.0.0.1", result.remoteIp());
    }

    @Test
    void aMissingExpectedRegexIsAContentMismatchNamingTheRegex() {
        ProbeResult result = checkOne(ok("<html>maintenance</html>"), List.of("<svg\\s+"), List.of());
        assertEquals(Outcome.CONTENT_MISMATCH, result.outcome());
        assertTrue(result.detail().contains("Page content not expected") && result.detail().contains("<svg\\s+"),
            result.detail());
    }

    @Test
    void aForbiddenRegexFoundIsAContentMismatch() {
        ProbeResult result = checkOne(ok("<html>Fatal error</html>"), List.of(), List.of("Fatal error"));
        assertEquals(Outcome.CONTENT_MISMATCH, result.outcome());
    }

    @Test
    void statusesOutsideTheExpectedSetAreHttpStatusFailures() {
        assertEquals(Outcome.HTTP_STATUS, checkOne(new MockResponse.Builder().code(404).build(), List.of(), List.of()).outcome());
        ProbeResult error = checkOne(new MockResponse.Builder().code(500).build(), List.of(), List.of());
        assertEquals(Outcome.HTTP_STATUS, error.outcome());
        assertEquals(500, error.status());
        server.enqueue(new MockResponse.Builder().code(404).build());
        ProbeTarget accepting404 = ProbeTarget.of(server.url("/").toString(), StatusSet.parse("200-299,404"),
            List.of(), List.of(), null, "test");
        assertEquals(Outcome.OK, prober().check(List.of(accepting404)).get(0).outcome());
    }

    @Test
    void aSlowButCorrectAnswerIsDegraded() {
        server.enqueue(new MockResponse.Builder().code(200).body("fine").headersDelay(300, TimeUnit.MILLISECONDS).build());
        ProbeTarget target = ProbeTarget.of(server.url("/").toString(), StatusSet.SUCCESS, List.of(), List.of(),
            Duration.ofMillis(100), "test");
        ProbeResult result = prober().check(List.of(target)).get(0);
        assertEquals(Outcome.DEGRADED, result.outcome());
        assertTrue(result.detail().startsWith("slow:"), result.detail());
    }

    @Test
    void noHeadersInTimeIsAResponseTimeout() {
        ProbeResult result = checkOne(new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).build(),
            List.of(), List.of());
        assertEquals(Outcome.RESPONSE_TIMEOUT, result.outcome());
        assertTrue(result.totalMs() < 4000, "the timeout is honoured: " + result.totalMs());
        assertTrue(!result.responsive());
    }

    @Test
    void aStalledBodyIsABodyTimeout() {
        ProbeResult result = checkOne(new MockResponse.Builder().code(200).body("x".repeat(10_000))
            .throttleBody(100, 1, TimeUnit.SECONDS).build(), List.of(), List.of());
        assertEquals(Outcome.BODY_TIMEOUT, result.outcome());
        assertEquals("transfer", result.failedPhase());
    }

    @Test
    void aClosedPortIsConnectRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProbeResult result = prober().check(List.of(target("http://127.0.0.1:" + port + "/", List.of(), List.of()))).get(0);
        assertEquals(Outcome.CONNECT_REFUSED, result.outcome());
        assertEquals("connect", result.failedPhase());
        assertNull(result.ttfbMs(), "a phase not reached is null");
    }

    @Test
    void anUnansweredConnectionIsAConnectTimeout() throws IOException {
        // a listening socket that never accepts, its backlog of one filled by two connections:
        // the kernel drops further SYNs, so the probe's connect gets no answer at all
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket first = new Socket("127.0.0.1", full.getLocalPort());
             Socket second = new Socket()) {
            try {
                second.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 200);
            } catch (IOException alreadyFull) {
                // the queue was full with the first
            }
            ProbeResult result = prober().check(List.of(target("http://127.0.0.1:" + full.getLocalPort() + "/",
                List.of(), List.of()))).get(0);
            assertEquals(Outcome.CONNECT_TIMEOUT, result.outcome(), result.toString());
            assertEquals("connect", result.failedPhase());
        }
    }

    @Test
    void anInvalidNameIsADnsFailure() {
        ProbeResult result = prober().check(List.of(target("http://nothing.invalid/", List.of(), List.of()))).get(0);
        assertTrue(result.outcome() == Outcome.DNS_NXDOMAIN || result.outcome() == Outcome.DNS_ERROR, result.toString());
        assertEquals("dns", result.failedPhase());
        assertTrue(result.detail().startsWith("domain not exist"), result.detail());
    }

    @Test
    void redirectsAreFollowedAndCounted() {
        server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "/moved").build());
        server.enqueue(ok("here"));
        ProbeResult result = prober().check(List.of(target(server.url("/old").toString(), List.of("here"), List.of()))).get(0);
        assertEquals(Outcome.OK, result.outcome());
        assertEquals(1, result.redirects());
        assertTrue(result.finalUrl().endsWith("/moved"), result.finalUrl());
    }

    private ProbeResult https(HeldCertificate leaf) {
        HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder().heldCertificate(leaf).build();
        server.useHttps(serverCertificates.sslSocketFactory());
        server.enqueue(ok("secure"));
        return prober().check(List.of(target(server.url("/").toString(), List.of(), List.of()))).get(0);
    }

    @Test
    void aValidCertificateIsOkWithItsVersionAndExpiry() {
        ProbeResult result = https(new HeldCertificate.Builder().addSubjectAlternativeName(server.getHostName())
            .signedBy(root).duration(30, TimeUnit.DAYS).build());
        assertEquals(Outcome.OK, result.outcome(), result.toString());
        assertNotNull(result.tlsVersion());
        assertNotNull(result.certNotAfter());
        assertTrue(result.connectMs() <= result.tlsMs() && result.tlsMs() <= result.ttfbMs(), result.toString());
    }

    @Test
    void aCertificateCloseToItsEndIsCertExpiring() {
        HeldCertificate leaf = new HeldCertificate.Builder().addSubjectAlternativeName(server.getHostName())
            .signedBy(root).duration(5, TimeUnit.DAYS).build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(leaf).build().sslSocketFactory());
        server.enqueue(ok("secure"));
        ProbeTarget target = target(server.url("/").toString(), List.of(), List.of()).withMinCertDays(14);
        ProbeResult result = prober().check(List.of(target)).get(0);
        assertEquals(Outcome.CERT_EXPIRING, result.outcome(), result.toString());
        assertTrue(result.detail().contains("fewer than 14"), result.detail());
        assertTrue(result.outcome().up() && !result.outcome().healthy());
    }

    @Test
    void anExpiredCertificateIsTlsExpired() {
        long now = System.currentTimeMillis();
        ProbeResult result = https(new HeldCertificate.Builder().addSubjectAlternativeName(server.getHostName())
            .signedBy(root).validityInterval(now - 10 * 86_400_000L, now - 86_400_000L).build());
        assertEquals(Outcome.TLS_EXPIRED, result.outcome(), result.toString());
        assertEquals("tls", result.failedPhase());
        assertEquals((now - 86_400_000L) / 1000, result.certNotAfter().getEpochSecond(),
            "the expiry of a certificate that failed validation is still recorded");
        assertEquals(result.certNotAfter(), result.chainNotAfter());
    }

    @Test
    void anIntermediateThatExpiresFirstIsTheChainsExpiryAndCountsForMinCertDays() {
        HeldCertificate intermediate = new HeldCertificate.Builder().certificateAuthority(0)
            .signedBy(root).duration(10, TimeUnit.DAYS).build();
        HeldCertificate leaf = new HeldCertificate.Builder().addSubjectAlternativeName(server.getHostName())
            .signedBy(intermediate).duration(90, TimeUnit.DAYS).build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(leaf, intermediate.certificate())
            .build().sslSocketFactory());
        server.enqueue(ok("secure"));
        ProbeTarget target = target(server.url("/").toString(), List.of(), List.of()).withMinCertDays(14);
        ProbeResult result = prober().check(List.of(target)).get(0);
        assertEquals(Outcome.CERT_EXPIRING, result.outcome(), result.toString());
        assertEquals(leaf.certificate().getNotAfter().toInstant(), result.certNotAfter());
        assertEquals(intermediate.certificate().getNotAfter().toInstant(), result.chainNotAfter());
    }

    @Test
    void aCertificateForAnotherNameIsTlsHostname() {
        ProbeResult result = https(new HeldCertificate.Builder().addSubjectAlternativeName("other.example")
            .signedBy(root).build());
        assertEquals(Outcome.TLS_HOSTNAME, result.outcome(), result.toString());
    }

    @Test
    void aSelfSignedCertificateIsTlsUntrusted() {
        ProbeResult result = https(new HeldCertificate.Builder().addSubjectAlternativeName(server.getHostName()).build());
        assertEquals(Outcome.TLS_UNTRUSTED, result.outcome(), result.toString());
        assertTrue(result.detail().startsWith("ssl error"), result.detail());
    }

    @Test
    void manyTargetsAreCheckedConcurrently() {
        for (int i = 0; i < 40; i++) {
            server.enqueue(new MockResponse.Builder().code(200).body("ok").headersDelay(200, TimeUnit.MILLISECONDS).build());
        }
        List<ProbeTarget> targets = java.util.stream.IntStream.range(0, 40)
            .mapToObj(i -> target(server.url("/" + i).toString(), List.of(), List.of())).toList();
        long started = System.nanoTime();
        List<ProbeResult> results = prober().check(targets);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(40, results.size());
        assertTrue(results.stream().allMatch(r -> r.outcome() == Outcome.OK), results.toString());
        assertTrue(millis < 40 * 200 / 4, "not concurrent: " + millis + " ms");
    }
}
