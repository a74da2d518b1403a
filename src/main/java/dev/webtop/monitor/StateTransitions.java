package dev.webtop.monitor;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** What each key does to the state: pure functions, so every key is testable without a terminal. */
public final class StateTransitions {
    static final int PAGE = 10;

    private StateTransitions() {
    }

    /** The state after an action; `snapshot` bounds the selection and names the selected domain. */
    public static DashboardState apply(DashboardState state, Action action, DashboardSnapshot snapshot) {
        if (state.help() && action != Action.QUIT) {
            return state.withHelp(false);
        }
        return switch (action) {
            case QUIT, REDRAW -> state;
            case PAUSE -> state.withPaused(!state.paused());
            case SORT_NEXT -> state.withSort(state.sort().next(), false);
            case SORT_PREVIOUS -> state.withSort(state.sort().previous(), false);
            case REVERSE -> state.withSort(state.sort(), !state.reversed());
            case FILTER -> state.withFilter(state.filter(), state.filter() == null ? "" : state.filter());
            case BACK -> back(state);
            case FOCUS_NEXT -> focus(state, 1);
            case FOCUS_PREVIOUS -> focus(state, -1);
            case TOGGLE_1 -> toggle(state, Panel.WEBSITES);
            case TOGGLE_2 -> toggle(state, Panel.BURSTS);
            case TOGGLE_3 -> toggle(state, Panel.ELECTED);
            case TOGGLE_4 -> toggle(state, Panel.JOBS);
            case TOGGLE_5 -> toggle(state, Panel.STORAGE);
            case TOGGLE_6 -> toggle(state, Panel.PROBES);
            case TOGGLE_7 -> toggle(state, Panel.STATUSES);
            case UP -> move(state, snapshot, -1);
            case DOWN -> move(state, snapshot, 1);
            case PAGE_UP -> move(state, snapshot, -PAGE);
            case PAGE_DOWN -> move(state, snapshot, PAGE);
            case DETAIL -> snapshot == null ? state : state.withDetail(Views.selectedDomain(snapshot, state));
            case WINDOW -> state.withWindow(state.window().next());
            case SOURCE -> state.withSource(state.nextSource());
            case FASTER -> state.withInterval(clamp(state.interval().dividedBy(2)));
            case SLOWER -> state.withInterval(clamp(state.interval().multipliedBy(2)));
            case HELP -> state.withHelp(true);
        };
    }

    /** A character typed while the filter is being edited. */
    public static DashboardState typeFilter(DashboardState state, char c) {
        return state.withFilter(state.filter(), state.filterDraft() + c);
    }

    public static DashboardState eraseFilter(DashboardState state) {
        String draft = state.filterDraft();
        return state.withFilter(state.filter(), draft.isEmpty() ? draft : draft.substring(0, draft.length() - 1));
    }

    /** Enter while editing: the draft becomes the filter (an empty one clears it). */
    public static DashboardState applyFilter(DashboardState state) {
        String draft = state.filterDraft();
        return state.withFilter(draft == null || draft.isEmpty() ? null : draft, null);
    }

    /** Esc: the innermost thing open closes first (filter editing, detail, then the filter). */
    private static DashboardState back(DashboardState state) {
        if (state.editingFilter()) {
            return state.withFilter(null, null);
        }
        if (state.detailDomain() != null) {
            return state.withDetail(null);
        }
        return state.withFilter(null, null);
    }

    private static DashboardState focus(DashboardState state, int step) {
        Panel[] panels = Panel.values();
        int index = state.focus().ordinal();
        for (int i = 0; i < panels.length; i++) {
            index = (index + step + panels.length) % panels.length;
            if (state.visible(panels[index])) {
                return state.withFocus(panels[index], state.hidden());
            }
        }
        return state;
    }

    private static DashboardState toggle(DashboardState state, Panel panel) {
        Set<Panel> hidden = state.hidden().isEmpty() ? EnumSet.noneOf(Panel.class) : EnumSet.copyOf(state.hidden());
        if (!hidden.remove(panel)) {
            hidden.add(panel);
        }
        if (hidden.size() == Panel.values().length) {
            return state; // one panel always stays
        }
        DashboardState toggled = state.withFocus(state.focus(), hidden);
        return toggled.visible(toggled.focus()) ? toggled : focus(toggled, 1);
    }

    private static DashboardState move(DashboardState state, DashboardSnapshot snapshot, int step) {
        int rows = snapshot == null ? 0 : Views.rowCount(snapshot, state, state.focus());
        int selected = Math.max(0, Math.min(rows - 1, state.selected() + step));
        return state.withSelected(Math.max(0, selected));
    }

    private static Duration clamp(Duration interval) {
        if (interval.compareTo(DashboardState.MIN_INTERVAL) < 0) {
            return DashboardState.MIN_INTERVAL;
        }
        return interval.compareTo(DashboardState.MAX_INTERVAL) > 0 ? DashboardState.MAX_INTERVAL : interval;
    }
}
