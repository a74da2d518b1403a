package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `webtop ingest dns` on recorded tcpdump text: no capture rights needed. */
class IngestDnsCommandTest {
    private static final String CAPTURE = """
        tcpdump: listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes
        1732356000.100000 IP 10.0.2.15.44182 > 127.0.0.53.53: 50466+ [1au] A? shop.example. (41)
        1732356000.100300 IP 10.0.2.15.44182 > 192.0.2.53.53: 50466+ [1au] A? shop.example. (41)
        1732356000.200000 IP 10.0.2.15.44183 > 127.0.0.53.53: 50467+ [1au] AAAA? shop.example. (41)
        1732356000.300000 IP6 fe80::1.5353 > 2001:db8::53.53: 77+ HTTPS? blog.example. (30)
        1732356000.400000 IP 10.0.2.15.44184 > 127.0.0.53.53: 1+ PTR? 15.2.0.10.in-addr.arpa. (40)
        1732356000.500000 IP 127.0.0.53.53 > 10.0.2.15.44182: 50466 1/0/1 A 192.0.2.80 (57)
        1732356003.100000 IP 10.0.2.15.44190 > 127.0.0.53.53: 50466+ [1au] A? shop.example. (41)
        """;

    private DbTarget db;

    @BeforeEach
    void database() {
        db = TestDatabase.withPipeline();
    }

    @Test
    void queriedNamesAreStoredOnceEachWithoutReverseLookupsOrAnswers(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("capture.txt");
        Files.writeString(capture, CAPTURE);
        Run run = Cli.isolated().run("ingest", "dns", "--from-file", capture.toString(), "--db-url", TestDatabase.url(db));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("4 queries stored (1 duplicates left out)"), run.out());
        assertEquals(List.of(List.of("blog.example", "1"), List.of("shop.example", "3")),
            Sql.rows(db, "SELECT domain, count(*)::text FROM logs WHERE source = 'dns' AND event_type = 'dns_query' "
                + "GROUP BY domain ORDER BY domain"));
        assertEquals(List.of(List.of("blog.example"), List.of("shop.example")),
            Sql.rows(db, "SELECT domain FROM domain_sources WHERE source = 'dns' ORDER BY domain"), "for the monitor's source filter");
    }

    @Test
    void sigtermStoresTheLastBatch(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = dir.resolve("out.txt");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.webtop.Webtop",
            "ingest", "dns", "--from-file", "-", "--batch-size", "1000", "--db-url", TestDatabase.url(db))
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            Thread.sleep(1500);   // the JVM is up and reading
            for (int i = 0; i < 5; i++) {
                in.write(("1732356000.10000" + i + " IP 10.0.2.15.4418" + i + " > 127.0.0.53.53: " + (100 + i)
                    + "+ A? site" + i + ".example. (41)\n").getBytes(StandardCharsets.UTF_8));
            }
            in.flush();
            Thread.sleep(200);
            // SIGTERM while the batch waits for its second to pass (stdin still open: no end of input)
            new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        }
        String out = Files.readString(output);
        assertTrue(out.contains("5 queries stored"), out);
        assertEquals(5, Sql.number(db, "SELECT count(*) FROM logs WHERE source = 'dns'"));
    }
}
