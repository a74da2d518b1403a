package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DomainNames;
import dev.webtop.config.Durations;
import dev.webtop.kafka.KafkaSettings;
import dev.webtop.kafka.TrafficPublisher;
import dev.webtop.serve.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Take traffic over HTTP and answer over HTTP, in one long-running process.",
        "Write endpoints: POST /page-views/single, POST /page-views/multi, POST /events. Each request is "
            + "answered only once its events are committed: a 2xx means they are stored; 503 with Retry-After "
            + "means nothing was (the database is away, or the queue is full). With --kafka a 2xx means Kafka "
            + "has acknowledged the events, and `webtop record` stores them.",
        "For websites: POST /api/event (Plausible's Events API: {\"name\", \"url\", \"domain\", \"referrer\"}) "
            + "and GET /js/script.js, a tracker script a page embeds; only sites on the allowlist (webtop site add, "
            + "--site) are taken, visitors are a daily-salted hash of address and user agent.",
        "Read endpoints: GET /health, GET /report?page=&now=&order=&take=, GET /stats/active-users, "
            + "GET /stats/top-pages, GET /stats/sessions?user=, GET /metrics (Prometheus), and the dashboard in a "
            + "browser at / (its JSON at /api/snapshot, live at /api/snapshot/stream).",
        "Only loopback by default. Listening on another address needs a token (WEBTOP_SERVE_TOKEN or "
            + "--token-file), which every endpoint but /health, /api/event and /js/script.js then asks for: "
            + "Authorization: Bearer TOKEN (in a browser, open /?token=TOKEN once).",
        "One line of counters a minute on stderr; SIGTERM or Ctrl-C stops accepting, answers and commits "
            + "what is in flight, and exits 0."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop serve",
        "  curl -d '{\"page\":\"example.com/home\",\"timestamp\":\"2026-11-29T10:00:00Z\"}' "
            + "-H 'Content-Type: application/json' localhost:8080/page-views/single",
        "  curl 'localhost:8080/report?page=example.com/home&order=desc&take=3'",
        "  WEBTOP_SERVE_TOKEN=$(cat /etc/webtop/token) ./webtop serve --listen 0.0.0.0:8080"})
public final class Serve extends WebtopCommand {
    private static final Duration MINUTE_LINE = Duration.ofMinutes(1);

    @Mixin
    DbOptions db;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
        description = "Where to listen (default: ${DEFAULT-VALUE}); port 0 picks a free one.")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "A file holding the token callers must send (default: WEBTOP_SERVE_TOKEN).")
    Path tokenFile;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "5ms",
        description = "How long the writer waits for more events before a commit, 0ms to 1s; commits run back to "
            + "back, so under load each holds what came during the one before (default: ${DEFAULT-VALUE}).")
    String linger;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "200000",
        description = "Events waiting to be stored at most; beyond them requests get 503 (default: ${DEFAULT-VALUE}).")
    long queue;

    @Option(names = "--events-domain", paramLabel = "DOMAIN", defaultValue = "app.localhost",
        description = "The domain of events whose page_url is a bare path (default: ${DEFAULT-VALUE}).")
    String eventsDomain;

    @Option(names = "--site", paramLabel = "DOMAIN",
        description = "A website whose page views /api/event takes, besides those of `webtop site add` (repeatable).")
    List<String> sites = new ArrayList<>();

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
        description = "A reverse proxy (address or CIDR range) whose X-Forwarded-For names the visitor (repeatable).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--keep-ip", description = "Store visitors' addresses too (by default only a daily-salted hash).")
    boolean keepIp;

    @Option(names = "--public-status", description = "Open /status, /status.json and the badges (/badge/…) to "
        + "anyone, even with a token set: a public status page.")
    boolean publicStatus;

    @Option(names = "--status-title", paramLabel = "TEXT", defaultValue = "Status",
        description = "The status page's title, like 'Example Inc. status' (default: ${DEFAULT-VALUE}).")
    String statusTitle;

    @Mixin
    KafkaOptions kafka;

    @Override
    protected int execute() throws Exception {
        KafkaSettings publish = kafka.settings();
        Service.Options options = publish == null ? options() : options().withPublisher(() -> new TrafficPublisher(publish));
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> stop.countDown());
        }
        try (Service service = Service.start(db.target(environment()), options, this::warn,
            message -> {
                if (verbose()) {
                    warn(message);
                }
            })) {
            warn("serving on http://" + options.host() + ":" + service.port()
                + (options.token() == null ? "" : " (a token is needed for all but /health)"));
            while (!stop.await(MINUTE_LINE.toMillis(), TimeUnit.MILLISECONDS)) {
                warn(service.minuteLine());
            }
            warn("stopping: answering and committing what is in flight");
            service.close();
            warn(service.minuteLine());
        }
        return ExitCode.OK;
    }

    private Service.Options options() {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw WebtopException.badInput("--listen must be HOST:PORT, like 127.0.0.1:8080, not '" + listen + "'");
        }
        String host = listen.substring(0, colon).replaceAll("^\\[|]$", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw WebtopException.badInput("--listen port must be 0 to 65535, not '" + listen.substring(colon + 1) + "'");
        }
        String token = token();
        if (token == null && !loopback(host)) {
            throw WebtopException.badInput("--listen " + listen + " is reachable from other machines: set a token "
                + "first (WEBTOP_SERVE_TOKEN or --token-file), or listen on 127.0.0.1");
        }
        Duration lingerFor = Durations.parse("--linger", linger);
        if (lingerFor.compareTo(Duration.ofSeconds(1)) > 0) {
            throw WebtopException.badInput("--linger must be from 0ms to 1s, not " + linger);
        }
        if (queue < 1000 || queue > 10_000_000) {
            throw WebtopException.badInput("--queue must be from 1000 to 10000000, not " + queue);
        }
        if (!DomainNames.isValid(eventsDomain)) {
            throw WebtopException.badInput("--events-domain '" + eventsDomain + "' is not a domain name like app.example.com");
        }
        return new Service.Options(host, port, token, lingerFor, (int) Math.min(queue / 4, 20_000), queue, eventsDomain,
            sites, trustedProxies, keepIp, publicStatus, statusTitle.strip().isEmpty() ? "Status" : statusTitle.strip(), null);
    }

    private String token() {
        String token;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw WebtopException.badInput("--token-file " + tokenFile + " cannot be read: " + e.getMessage());
            }
        } else {
            token = environment().variables().get("WEBTOP_SERVE_TOKEN");
        }
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (token.length() < 16) {
            throw WebtopException.badInput("the serve token must be at least 16 characters (try: openssl rand -hex 24)");
        }
        return token;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw WebtopException.badInput("--listen host '" + host + "' is not an address of this machine");
        }
    }
}
