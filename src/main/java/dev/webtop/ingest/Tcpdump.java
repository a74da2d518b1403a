package dev.webtop.ingest;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump capturing DNS questions on UDP port 53, its text read line by line. A missing tcpdump
 * and missing capture rights are each one line saying what to do.
 */
public final class Tcpdump {
    private final Process process;
    private final BufferedReader errors;

    private Tcpdump(Process process, BufferedReader errors) {
        this.process = process;
        this.errors = errors;
    }

    /** Starts capturing on an interface (any for all); returns once tcpdump says it listens. */
    public static Tcpdump start(String networkInterface) throws IOException {
        String tcpdump = Path.of("/usr/sbin/tcpdump").toFile().canExecute() ? "/usr/sbin/tcpdump" : "tcpdump";
        Process process;
        try {
            process = new ProcessBuilder(tcpdump, "-l", "-n", "-tt", "--immediate-mode", "-i", networkInterface,
                "udp dst port 53").redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new WebtopException(ExitCode.FAILURE, "tcpdump is not installed: apt-get install tcpdump "
                + "(or read a saved capture with --from-file)", e);
        }
        // tcpdump says "listening on ..." once it captures, or why it cannot
        BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String first = errors.readLine();
        if (first == null || !first.contains("listening on")) {
            process.destroy();
            String why = first == null ? "it exited" : first;
            if (why.contains("permission") || why.contains("Operation not permitted")) {
                throw new WebtopException(ExitCode.FAILURE, "tcpdump cannot capture: " + why + "; run as root, or give "
                    + "it the right once: setcap cap_net_raw,cap_net_admin=eip " + tcpdump, null);
            }
            throw new WebtopException(ExitCode.FAILURE, "tcpdump cannot capture: " + why, null);
        }
        return new Tcpdump(process, errors);
    }

    /** The captured packets, one line each. */
    public BufferedReader packets() {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Asks tcpdump to end (SIGTERM); it prints its statistics then. */
    public void interrupt() {
        process.destroy();
    }

    /** Ends tcpdump and returns what it reports at its end: "N packets dropped by kernel" (or null). */
    public String stop() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
        String dropped = null;
        for (String line = errors.readLine(); line != null; line = errors.readLine()) {
            if (line.contains("dropped by kernel")) {
                dropped = line.strip();
            }
        }
        return dropped;
    }

    /** Whether it ended with an error (valid after stop()). */
    public boolean failed() {
        return process.exitValue() != 0;
    }
}
