package dev.webtop.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordingTrustManagerTest {
    @Test
    void theSystemTrustStoreIsReadOnlyWhenAskedFor() {
        RecordingTrustManager trust = RecordingTrustManager.overSystemTrust();
        assertEquals(0, trust.getAcceptedIssuers().length, "not read for a client that is only built");
        trust.ready();
        assertTrue(trust.getAcceptedIssuers().length > 10, "the JVM's certificate authorities, once read");
    }
}
