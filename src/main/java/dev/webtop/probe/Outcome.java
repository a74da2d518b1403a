package dev.webtop.probe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What one check found, one class per result; `responsive` means an HTTP answer came back. */
public enum Outcome {
    OK(true, true),
    DEGRADED(true, true),
    HTTP_STATUS(false, true),
    CONTENT_MISMATCH(false, true),
    CERT_EXPIRING(true, true),
    DNS_NXDOMAIN(false, false),
    DNS_ERROR(false, false),
    CONNECT_REFUSED(false, false),
    CONNECT_TIMEOUT(false, false),
    TLS_UNTRUSTED(false, false),
    TLS_EXPIRED(false, false),
    TLS_HOSTNAME(false, false),
    TLS_ERROR(false, false),
    RESPONSE_TIMEOUT(false, false),
    BODY_TIMEOUT(false, true),
    PROTOCOL_ERROR(false, false);

    private final boolean up;
    private final boolean responsive;

    Outcome(boolean up, boolean responsive) {
        this.up = up;
        this.responsive = responsive;
    }

    /** The site answered as required (possibly slowly, or with a certificate about to expire). */
    public boolean up() {
        return up;
    }

    /** Responsive or not, as availability agents report it: did any HTTP answer come back? */
    public boolean responsive() {
        return responsive;
    }

    /** Only ok counts as healthy for the exit code; degraded and expiring are problems too. */
    public boolean healthy() {
        return this == OK;
    }

    /** The name stored and printed: ok, dns_nxdomain, ... */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Outcome of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
