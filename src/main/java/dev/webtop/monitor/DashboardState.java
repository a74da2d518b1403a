package dev.webtop.monitor;

import dev.webtop.traffic.Source;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the user has chosen, separate from the data: changed only by {@link StateTransitions},
 * read by the renderer and the loop. `selected` is the highlighted row of the focused panel;
 * `source` (null for all) keeps the traffic panels to domains with traffic from that source.
 */
public record DashboardState(
    SortColumn sort,
    boolean reversed,
    String filter,
    String filterDraft,
    boolean paused,
    Window window,
    Panel focus,
    Set<Panel> hidden,
    int selected,
    String detailDomain,
    boolean help,
    Duration interval,
    String source) {

    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);

    public DashboardState {
        hidden = hidden.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(hidden));
    }

    public static DashboardState initial(Duration interval, Window window) {
        return new DashboardState(SortColumn.HITS_1M, false, null, null, false, window,
            Panel.WEBSITES, Set.of(), 0, null, false, interval, null);
    }

    /** The filter as a case-insensitive pattern, or null when there is none or it is invalid. */
    public Pattern filterPattern() {
        if (filter == null || filter.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(filter, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    public boolean editingFilter() {
        return filterDraft != null;
    }

    public boolean visible(Panel panel) {
        return !hidden.contains(panel);
    }

    DashboardState withSort(SortColumn newSort, boolean newReversed) {
        return new DashboardState(newSort, newReversed, filter, filterDraft, paused, window, focus,
            hidden, selected, detailDomain, help, interval, source);
    }

    DashboardState withFilter(String newFilter, String newDraft) {
        return new DashboardState(sort, reversed, newFilter, newDraft, paused, window, focus, hidden,
            0, detailDomain, help, interval, source);
    }

    DashboardState withPaused(boolean newPaused) {
        return new DashboardState(sort, reversed, filter, filterDraft, newPaused, window, focus,
            hidden, selected, detailDomain, help, interval, source);
    }

    DashboardState withWindow(Window newWindow) {
        return new DashboardState(sort, reversed, filter, filterDraft, paused, newWindow, focus,
            hidden, selected, detailDomain, help, interval, source);
    }

    DashboardState withFocus(Panel newFocus, Set<Panel> newHidden) {
        return new DashboardState(sort, reversed, filter, filterDraft, paused, window, newFocus,
            newHidden, 0, detailDomain, help, interval, source);
    }

    DashboardState withSelected(int newSelected) {
        return new DashboardState(sort, reversed, filter, filterDraft, paused, window, focus, hidden,
            newSelected, detailDomain, help, interval, source);
    }

    DashboardState withDetail(String domain) {
        return new DashboardState(sort, reversed, filter, filterDraft, paused, window, focus, hidden,
            selected, domain, help, interval, source);
    }

    DashboardState withHelp(boolean shown) {
        return new DashboardState(sort, reversed, filter, filterDraft, paused, window, focus, hidden,
            selected, detailDomain, shown, interval, source);
    }

    public DashboardState withSource(String newSource) {
        return new DashboardState(sort, reversed, filter, filterDraft, paused, window, focus, hidden,
            0, detailDomain, help, interval, newSource);
    }

    /** All sources, then each in turn, then all again. */
    String nextSource() {
        List<String> sources = Arrays.stream(Source.values()).map(Source::label).toList();
        int at = source == null ? -1 : sources.indexOf(source);
        return at + 1 < sources.size() ? sources.get(at + 1) : null;
    }

    DashboardState withInterval(Duration newInterval) {
        return new DashboardState(sort, reversed, filter, filterDraft, paused, window, focus, hidden,
            selected, detailDomain, help, newInterval, source);
    }
}
