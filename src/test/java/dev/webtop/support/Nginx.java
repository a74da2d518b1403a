package dev.webtop.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's package) on a loopback port, with a configuration of its own in a
 * temporary directory: pages under www/, the access log in combined format at access.log.
 */
public final class Nginx implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    public Nginx(Path dir) {
        this.dir = dir;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // nginx's workers run as nobody: they must be able to reach the pages
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(dir.resolve("www"));
            Files.createDirectories(dir.resolve("tmp"));
            for (String page : new String[] {"index.html", "about.html", "style.css"}) {
                Files.writeString(dir.resolve("www").resolve(page), "content of " + page + "\n");
            }
            Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log %1$s/access.log combined;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %1$s/www;
                        location = /ready { access_log off; return 200; }
                    }
                }
                """.formatted(dir, port));
            DebianPackages.ensure("/usr/sbin/nginx", "nginx-light");
            process = new ProcessBuilder("/usr/sbin/nginx", "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nginx (apt-get install nginx-light): " + e.getMessage(), e);
        }
        // readiness is asked on a path nginx does not log (it logs after answering, so a logged
        // probe could land in the log after any truncation)
        Await.until("nginx listens on " + port, Duration.ofSeconds(10), () -> status("/ready") == 200);
    }

    public int port() {
        return port;
    }

    /** Where its pages are: a file written here is served at once. */
    public Path pages() {
        return dir.resolve("www");
    }

    public Path accessLog() {
        return dir.resolve("access.log");
    }

    /** Requests a path and returns the status (0 when nothing answered). */
    public int status(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            (status < 400 ? connection.getInputStream() : connection.getErrorStream()).readAllBytes();
            connection.disconnect();
            return status;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Tells nginx to reopen its log files (after a rename rotation), as logrotate does. */
    public void reopenLogs() {
        signal("-USR1");
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        signal("-QUIT");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
