package dev.webtop.traffic;

import dev.webtop.base.WebtopException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Where rows in `logs` come from: the one list of sources, as logs.source's CHECK allows them. */
public enum Source {
    /** Synthetic load from `webtop generate` and the traffic-pattern jobs. */
    GENERATED("generated"),
    /** Page views a website's visitors sent (the page-views batch format). */
    CLIENT("client"),
    /** Lines of a web server's access log. */
    ACCESS_LOG("access_log"),
    /** Domains queried on the network. */
    DNS("dns");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    /** The name stored in logs.source and typed after --source. */
    public String label() {
        return label;
    }

    /** A source by its label; exit 2 naming the accepted ones otherwise. */
    public static Source parse(String label, String option) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
            .orElseThrow(() -> WebtopException.badInput(option + " must be " + accepted() + ", not '" + label + "'"));
    }

    /** "generated, client, access_log or dns" */
    public static String accepted() {
        String all = Arrays.stream(values()).map(Source::label).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
