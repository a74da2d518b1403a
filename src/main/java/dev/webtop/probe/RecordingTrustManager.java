package dev.webtop.probe;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Validates server certificates with a delegate, after handing the chain the server sent to the
 * check's timer: a failed validation leaves OkHttp no Handshake, yet an expired or untrusted
 * certificate's dates are exactly what the user needs to see.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {
    private final SSLSocketFactory sockets;
    private X509TrustManager delegate;   // null until the system's trust store is read

    RecordingTrustManager(X509TrustManager delegate) {
        this.delegate = delegate;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, null);
            this.sockets = context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Over the JVM's trust store (cacerts), as any client on this machine would validate. The store
     * is read when {@link #ready} is called, before HTTPS checks are timed, or else at the first
     * handshake (a redirect to HTTPS): reading it took a tenth of a cron probe's run, which plain
     * HTTP targets never need.
     */
    static RecordingTrustManager overSystemTrust() {
        return new RecordingTrustManager(null);
    }

    private static X509TrustManager systemTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JVM's trust store: " + e.getMessage(), e);
        }
    }

    /** Reads the trust store now, if not yet read. */
    void ready() {
        delegate();
    }

    private synchronized X509TrustManager delegate() {
        if (delegate == null) {
            delegate = systemTrust();
        }
        return delegate;
    }

    SSLSocketFactory socketFactory() {
        return sockets;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        record(chain);
        if (delegate() instanceof X509ExtendedTrustManager extended) {
            extended.checkServerTrusted(chain, authType, socket);
        } else {
            delegate().checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        record(chain);
        if (delegate() instanceof X509ExtendedTrustManager extended) {
            extended.checkServerTrusted(chain, authType, engine);
        } else {
            delegate().checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        record(chain);
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a prober accepts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a prober accepts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a prober accepts no clients");
    }

    @Override
    public synchronized X509Certificate[] getAcceptedIssuers() {
        // OkHttp asks when a client is built, only to clean chains for certificate pins, which
        // probes never set, and a client's handshake never asks: no waiting for the store here.
        return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }

    /** The handshake runs on the thread that connects, where the check's timer is registered. */
    private static void record(X509Certificate[] chain) {
        PhaseTimer timer = PhaseTimer.handshaking();
        if (timer != null) {
            timer.peerChain(chain);
        }
    }
}
