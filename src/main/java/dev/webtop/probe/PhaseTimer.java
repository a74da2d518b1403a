package dev.webtop.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
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
    private final long start = System.nanoTime();
    private volatile Long dnsEnd;
    private volatile Long connectEnd;
    private volatile Long tlsEnd;
    private volatile Long firstByte;
    private volatile Long bodyEnd;
    private volatile String phase = "dns";
    private volatile String remoteIp;
    private volatile Handshake handshake;

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
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
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
    public void callFailed(Call call, IOException ioe) {
        // the phase stays where it was: that is the failed one
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
