package dev.webtop.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Programs the tests drive (nginx, tmux), installed with apt-get when missing, as `webtop start`
 * installs debootstrap: `mvn -B verify` works on a fresh Debian machine as the README gives it.
 * Without root or apt-get the test fails saying what to install.
 */
public final class DebianPackages {
    private DebianPackages() {
    }

    /** Makes sure `file` (an absolute path: a program, or a package's data) exists, installing `pkg` if not. */
    public static synchronized void ensure(String file, String pkg) {
        if (Files.exists(Path.of(file))) {
            return;
        }
        String failure = install(pkg);
        if (!Files.exists(Path.of(file))) {
            throw new IllegalStateException(file + " is missing and installing " + pkg + " failed (" + failure
                + "): run apt-get install " + pkg + " as root");
        }
    }

    private static String install(String pkg) {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "no apt-get here";
        }
        String last = "";
        for (List<String> command : List.of(List.of("apt-get", "install", "-y", "-qq", pkg),
                List.of("apt-get", "update", "-qq"), List.of("apt-get", "install", "-y", "-qq", pkg))) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process process = builder.start();
                last = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor() == 0 && command.contains(pkg)) {
                    return "";
                }
            } catch (IOException e) {
                last = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        String[] lines = last.split("\n");
        return lines[lines.length - 1];
    }
}
