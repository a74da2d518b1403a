package dev.webtop.cli;

import dev.webtop.traffic.Source;
import java.util.ArrayList;

/** The sources --source takes, for help (${COMPLETION-CANDIDATES}) and shell completion. */
final class SourceCandidates extends ArrayList<String> {
    SourceCandidates() {
        for (Source source : Source.values()) {
            add(source.label());
        }
    }
}
