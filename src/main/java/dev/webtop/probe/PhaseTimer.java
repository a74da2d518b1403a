package dev.webtop.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Times one call's phases from OkHttp's events. Times are offsets from the call's start, as curl
 * reports them (so dns ≤ connect ≤ tls ≤ ttfb ≤ total), null for a phase never reached; the
 * phase still open when the call fails is the one that failed.
 */
final class PhaseTimer extends EventListener {
    /** The timer of the call whose TLS handshake runs on this thread (see RecordingTrustManager). */
    private static final ThreadLocal<PhaseTimer> HANDSHAKING = new ThreadLocal<>();

    private volatile long start = System.nanoTime();
    private volatile Long dnsEnd;
    private volatile Long connectEnd;
    private volatile Long tlsEnd;
    private volatile Long firstByte;
    private volatile Long bodyEnd;
    private volatile String phase = "dns";
    private volatile String remoteIp;
    private volatile Handshake handshake;
    private volatile X509Certificate[] peerChain;

    /** The clock starts when the call does... */
    @Override
    public void callStart(Call call) {
        start = System.nanoTime();
    }

    /** ...or, when it had to wait for a free slot (--concurrency), when it got one. */
    @Override
    public void dispatcherQueueEnd(Call call, okhttp3.Dispatcher dispatcher) {
        start = System.nanoTime();
    }

    @Override
    public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
        dnsEnd = first(dnsEnd);
        phase = "connect";
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        phase = "connect";
        if (address.getAddress() != null) {
            remoteIp = address.getAddress().getHostAddress();
        }
    }

    @Override
    public void secureConnectStart(Call call) {
        connectEnd = first(connectEnd);
        phase = "tls";
        HANDSHAKING.set(this);
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        HANDSHAKING.remove();
        tlsEnd = first(tlsEnd);
        this.handshake = handshake;
        phase = "processing";
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        connectEnd = first(connectEnd);
        phase = "processing";
    }

    @Override
    public void connectionAcquired(Call call, okhttp3.Connection connection) {
        phase = "processing";
    }

    @Override
    public void responseHeadersStart(Call call) {
        firstByte = System.nanoTime();
        phase = "transfer";
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        phase = "transfer";
    }

    @Override
    public void responseBodyEnd(Call call, long byteCount) {
        bodyEnd = System.nanoTime();
    }

    @Override
    public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException ioe) {
        HANDSHAKING.remove();
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        // the phase stays where it was: that is the failed one
        HANDSHAKING.remove();
    }

    static PhaseTimer handshaking() {
        return HANDSHAKING.get();
    }

    /** The certificates the server sent, recorded before they were validated. */
    void peerChain(X509Certificate[] chain) {
        peerChain = chain.clone();
    }

    /** When the server's certificates expire: the leaf's, and the earliest in its chain. */
    record Expiry(Instant leaf, Instant earliest) {
        static final Expiry NONE = new Expiry(null, null);
    }

    /** From the chain recorded during the handshake (also a failed one), else the handshake's. */
    Expiry certificateExpiry() {
        List<X509Certificate> chain = peerChain != null ? List.of(peerChain)
            : handshake == null ? List.of()
            : handshake.peerCertificates().stream().map(X509Certificate.class::cast).toList();
        if (chain.isEmpty()) {
            return Expiry.NONE;
        }
        Instant leaf = chain.get(0).getNotAfter().toInstant();
        Instant earliest = chain.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
        return new Expiry(leaf, earliest);
    }

    private static Long first(Long existing) {
        return existing != null ? existing : System.nanoTime();
    }

    String phase() {
        return phase;
    }

    String remoteIp() {
        return remoteIp;
    }

    Handshake handshake() {
        return handshake;
    }

    Double dnsMs() {
        return millis(dnsEnd);
    }

    Double connectMs() {
        return millis(connectEnd);
    }

    Double tlsMs() {
        return millis(tlsEnd);
    }

    Double ttfbMs() {
        return millis(firstByte);
    }

    /** The body's own transfer time, from the first byte of the response to its last. */
    Double transferMs() {
        return firstByte == null || bodyEnd == null ? null : (bodyEnd - firstByte) / 1e6;
    }

    double elapsedMs() {
        return (System.nanoTime() - start) / 1e6;
    }

    private Double millis(Long at) {
        return at == null ? null : (at - start) / 1e6;
    }
}
