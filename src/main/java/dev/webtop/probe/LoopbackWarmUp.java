package dev.webtop.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A throwaway server on loopback that answers one request, for one untimed check before the
 * first timed one: a fresh process (every cron run) otherwise loads the resolver, socket, HTTP,
 * dispatcher and result code inside its first check's timings, which then read tens of
 * milliseconds slower than curl's on the same server.
 */
final class LoopbackWarmUp implements AutoCloseable {
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

    private final ServerSocket server;

    private LoopbackWarmUp(ServerSocket server) {
        this.server = server;
        Thread answering = new Thread(this::answerOnce, "webtop-probe-warm-up");
        answering.setDaemon(true);
        answering.start();
    }

    /** Listening and answering in the background; null when there is no loopback to listen on. */
    static LoopbackWarmUp start() {
        try {
            return new LoopbackWarmUp(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            return null;
        }
    }

    /** By name, so that the check goes through the resolver as checks of real sites do. */
    String url() {
        return "http://localhost:" + server.getLocalPort() + "/";
    }

    private void answerOnce() {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            byte[] end = {'\r', '\n', '\r', '\n'};
            int matched = 0;
            while (matched < end.length) {   // the request's headers end with an empty line
                int b = in.read();
                if (b < 0) {
                    break;
                }
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
            OutputStream out = socket.getOutputStream();
            out.write(ANSWER.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // closed before a request came: nothing to answer
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // it was only ever for one answer
        }
    }
}
