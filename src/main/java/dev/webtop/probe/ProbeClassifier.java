package dev.webtop.probe;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns a failed call into its outcome class. Walks the cause chain, most specific type first:
 * a certificate's expiry hides under two layers of handshake exceptions, and a call deadline is
 * an InterruptedIOException that is not a SocketTimeoutException.
 */
final class ProbeClassifier {
    private ProbeClassifier() {
    }

    record Failure(Outcome outcome, String detail) {
    }

    static Failure classify(Throwable error, String phase) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return new Failure(Outcome.TLS_EXPIRED, "certificate not valid now: " + message(t));
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            String text = message(t);
            if (t instanceof UnknownHostException) {
                boolean nxdomain = text.contains("not known") || text.contains("No address associated")
                    || text.contains("nodename nor servname") || text.contains("NXDOMAIN");
                return new Failure(nxdomain ? Outcome.DNS_NXDOMAIN : Outcome.DNS_ERROR, "domain not exist: " + text);
            }
            if (t instanceof SSLPeerUnverifiedException || text.contains("No subject alternative")
                || text.contains("not verified")) {
                return new Failure(Outcome.TLS_HOSTNAME, "ssl error: " + text);
            }
            if (text.contains("PKIX path") || text.contains("unable to find valid certification path")) {
                return new Failure(Outcome.TLS_UNTRUSTED, "ssl error: certificate not trusted");
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return timeout(phase);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new Failure(Outcome.CONNECT_REFUSED, "connection refused: " + text);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new Failure(Outcome.TLS_ERROR, "ssl error: " + message(t));
            }
            if (t instanceof EOFException || t instanceof ProtocolException) {
                return new Failure(Outcome.PROTOCOL_ERROR, message(t));
            }
        }
        return new Failure(Outcome.PROTOCOL_ERROR, error.getClass().getSimpleName() + ": " + message(error));
    }

    private static Failure timeout(String phase) {
        return switch (phase) {
            case "dns" -> new Failure(Outcome.DNS_ERROR, "dns lookup timed out");
            case "connect" -> new Failure(Outcome.CONNECT_TIMEOUT, "connection timeout");
            case "tls" -> new Failure(Outcome.TLS_ERROR, "ssl error: handshake timed out");
            case "transfer" -> new Failure(Outcome.BODY_TIMEOUT, "the body stalled");
            default -> new Failure(Outcome.RESPONSE_TIMEOUT, "no response headers in time");
        };
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
