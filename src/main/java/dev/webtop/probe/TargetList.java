package dev.webtop.probe;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Targets from the command line and from files, one per argument or line: `URL [regex]`, as
 * availability agents list them. In files `#` starts a comment and blank lines are skipped.
 * Every problem names the argument, or the file and line.
 */
public final class TargetList {
    private final StatusSet expectStatus;
    private final List<String> match;
    private final List<String> noMatch;
    private final Duration maxLatency;
    private Integer minCertDays;
    private final List<ProbeTarget> targets = new ArrayList<>();

    /** The rules every target gets; a line's own regex is added to `match`. */
    public TargetList(StatusSet expectStatus, List<String> match, List<String> noMatch, Duration maxLatency) {
        this.expectStatus = expectStatus;
        this.match = List.copyOf(match);
        this.noMatch = List.copyOf(noMatch);
        this.maxLatency = maxLatency;
    }

    public TargetList minCertDays(Integer days) {
        this.minCertDays = days;
        return this;
    }

    public TargetList addArgument(String argument, int position) {
        add(argument, "argument " + position);
        return this;
    }

    public TargetList addFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw WebtopException.badInput("--file " + file + " cannot be read: " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                add(line, file + ":" + (i + 1));
            }
        }
        return this;
    }

    public List<ProbeTarget> targets() {
        return List.copyOf(targets);
    }

    /** The targets given, or when none were, those kept in the database; exit 2 when there are none at all. */
    public List<ProbeTarget> orKept(Supplier<DbTarget> database) {
        List<ProbeTarget> chosen = targets.isEmpty() ? new TargetCatalog(database.get()).list() : targets();
        if (chosen.isEmpty()) {
            throw WebtopException.badInput("no targets: give URLs, --file FILE, or keep some with ./webtop probe add URL");
        }
        return chosen;
    }

    private void add(String text, String source) {
        String[] parts = text.strip().split("\\s+", 2);
        List<String> rules = new ArrayList<>(match);
        if (parts.length == 2) {
            rules.add(parts[1]);
        }
        targets.add(ProbeTarget.of(parts[0], expectStatus, rules, noMatch, maxLatency, source)
            .withMinCertDays(minCertDays));
    }
}
