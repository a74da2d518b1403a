package dev.webtop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Lines as tcpdump -l -n -tt prints them. */
class DnsQueryParserTest {
    @Test
    void questionsForAddressesAreQueriesAndTheRestIsNot() {
        DnsQueryParser.Query a = DnsQueryParser.parse(
            "1732356000.123456 IP 10.0.2.15.44182 > 192.0.2.53.53: 50466+ [1au] A? voip.Example.com. (50)");
        assertEquals("voip.example.com", a.name());
        assertEquals(1_732_356_000_123_456L, a.epochMicros());
        assertEquals("10.0.2.15", a.source());
        assertEquals(50466, a.id());
        DnsQueryParser.Query aaaa = DnsQueryParser.parse(
            "1732356000.5 IP6 fe80::1c2b:3aff:fe4d:5e6f.5353 > 2001:db8::53.53: 4321+ AAAA? www.example.org. (33)");
        assertEquals("www.example.org", aaaa.name());
        assertEquals(1_732_356_000_500_000L, aaaa.epochMicros());
        assertEquals("HTTPS", DnsQueryParser.parse(
            "1732356001.000001 IP 10.0.2.15.40000 > 192.0.2.53.53: 7+ HTTPS? cdn.example.net. (35)").type());
        assertNull(DnsQueryParser.parse(
            "1732356001.000001 IP 10.0.2.15.40001 > 192.0.2.53.53: 8+ PTR? 4.3.2.1.in-addr.arpa. (42)"), "reverse");
        assertNull(DnsQueryParser.parse(
            "1732356001.000001 IP 10.0.2.15.40001 > 192.0.2.53.53: 9+ A? 4.3.2.1.in-addr.arpa. (42)"), "reverse as A");
        assertNull(DnsQueryParser.parse(
            "1732356001.000001 IP 192.0.2.53.53 > 10.0.2.15.44182: 50466 1/0/1 A 93.184.216.34 (66)"), "an answer");
        assertNull(DnsQueryParser.parse(
            "1732356001.000001 IP 10.0.2.15.40002 > 192.0.2.53.53: 10+ MX? example.com. (29)"), "not an address");
        assertNull(DnsQueryParser.parse("tcpdump: listening on any, link-type LINUX_SLL2"));
    }
}
