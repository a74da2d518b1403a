package dev.webtop.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One check, everything it measured. Phase times are milliseconds, null for a phase the check
 * never reached (every check opens its own connection, so none is skipped by reuse). For HTTPS,
 * certNotAfter is the leaf's expiry and chainNotAfter the earliest in the chain the server sent.
 */
public record ProbeResult(
    Instant time,
    String location,
    String target,
    Outcome outcome,
    @JsonProperty("failed_phase") String failedPhase,
    String detail,
    Integer status,
    String reason,
    @JsonProperty("dns_ms") Double dnsMs,
    @JsonProperty("connect_ms") Double connectMs,
    @JsonProperty("tls_ms") Double tlsMs,
    @JsonProperty("ttfb_ms") Double ttfbMs,
    @JsonProperty("transfer_ms") Double transferMs,
    @JsonProperty("total_ms") double totalMs,
    @JsonProperty("body_bytes") Long bodyBytes,
    @JsonProperty("final_url") String finalUrl,
    int redirects,
    @JsonProperty("remote_ip") String remoteIp,
    @JsonProperty("tls_version") String tlsVersion,
    @JsonProperty("cert_not_after") Instant certNotAfter,
    @JsonProperty("chain_not_after") Instant chainNotAfter) {

    @JsonProperty("responsive")
    public boolean responsive() {
        return outcome.responsive();
    }
}
