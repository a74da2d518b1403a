package dev.webtop.ingest;

import dev.webtop.base.WebtopException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where `ingest dns` reads tcpdump's text: a capture of its own, a saved file, or stdin (-). */
public final class DnsInput {
    private final BufferedReader lines;
    private final Tcpdump capture;   // null when reading saved text

    private DnsInput(BufferedReader lines, Tcpdump capture) {
        this.lines = lines;
        this.capture = capture;
    }

    /** Captures on an interface (any for all); returns once tcpdump listens. */
    public static DnsInput capture(String networkInterface) throws IOException {
        Tcpdump capture = Tcpdump.start(networkInterface);
        return new DnsInput(capture.packets(), capture);
    }

    /** Saved tcpdump text (tcpdump -l -n -tt ...), or stdin for -. */
    public static DnsInput saved(String file) {
        if (file.equals("-")) {
            return new DnsInput(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), null);
        }
        try {
            return new DnsInput(Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw WebtopException.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    public BufferedReader lines() {
        return lines;
    }

    /** Asks a capture to end (Ctrl-C or SIGTERM); saved text simply runs out. */
    public void interrupt() {
        if (capture != null) {
            capture.interrupt();
        }
    }

    /** Ends a capture and returns what tcpdump reports at its end ("N packets dropped by kernel"), or null. */
    public String finish() throws IOException, InterruptedException {
        return capture == null ? null : capture.stop();
    }

    /** Whether a capture ended with an error (valid after finish()). */
    public boolean failed() {
        return capture != null && capture.failed();
    }
}
