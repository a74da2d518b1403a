package dev.webtop.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateTransitionsTest {
    private static final DashboardSnapshot SNAPSHOT = SampleSnapshots.busy();
    private static final DashboardState START = DashboardState.initial(Duration.ofSeconds(1), Window.ONE_MINUTE);

    private static DashboardState press(DashboardState state, Action... actions) {
        for (Action action : actions) {
            state = StateTransitions.apply(state, action, SNAPSHOT);
        }
        return state;
    }

    private static DashboardState type(DashboardState state, String text) {
        for (char c : text.toCharArray()) {
            state = StateTransitions.typeFilter(state, c);
        }
        return state;
    }

    private static List<String> websites(DashboardState state) {
        return Views.websites(SNAPSHOT, state).stream().map(DashboardSnapshot.DomainRow::domain).toList();
    }

    @Test
    void spacePausesAndResumes() {
        assertTrue(press(START, Action.PAUSE).paused());
        assertFalse(press(START, Action.PAUSE, Action.PAUSE).paused());
    }

    @Test
    void arrowsStepThroughSortColumnsAndRReverses() {
        assertEquals("bursty-traffic.com", websites(START).get(0));
        DashboardState byHour = press(START, Action.SORT_NEXT, Action.SORT_NEXT);
        assertEquals(SortColumn.HITS_1H, byHour.sort());
        assertEquals("openai.com", websites(byHour).get(0));
        assertEquals("quiet.example", websites(press(byHour, Action.REVERSE)).get(0));
        DashboardState byNow = press(START, Action.SORT_PREVIOUS);
        assertEquals(SortColumn.HITS_NOW, byNow.sort());
        assertEquals("openai.com", websites(byNow).get(0));
        assertEquals(SortColumn.DOMAIN, press(byNow, Action.SORT_PREVIOUS).sort());
        assertEquals("anthropic.com", websites(press(byNow, Action.SORT_PREVIOUS)).get(0));
    }

    @Test
    void slashEditsARegexFilterThatEnterAppliesToEveryPanelAndEscClears() {
        DashboardState editing = type(press(START, Action.FILTER), "ai$|openai");
        assertTrue(editing.editingFilter());
        DashboardState filtered = StateTransitions.applyFilter(editing);
        assertEquals("ai$|openai", filtered.filter());
        assertEquals(List.of("openai.com", "claude.ai", "perplexity.ai"), websites(filtered));
        assertEquals(List.of("openai.com", "claude.ai"),
            Views.elected(SNAPSHOT, filtered).stream().map(DashboardSnapshot.ElectedRow::domain).toList());
        assertEquals(List.of("pattern:openai.com"),
            Views.jobs(SNAPSHOT, filtered).stream().map(dev.webtop.db.Job::name).toList());
        assertNull(press(filtered, Action.BACK).filter());
        assertNull(press(editing, Action.BACK).filterDraft(), "Esc while typing cancels");
    }

    @Test
    void backspaceErasesAndAnInvalidRegexFiltersNothing() {
        DashboardState editing = StateTransitions.eraseFilter(type(press(START, Action.FILTER), "goo"));
        assertEquals("go", editing.filterDraft());
        DashboardState broken = StateTransitions.applyFilter(type(press(START, Action.FILTER), "("));
        assertNull(broken.filterPattern());
        assertEquals(8, websites(broken).size());
    }

    @Test
    void tabMovesFocusSkippingHiddenPanelsAndDigitsToggleThem() {
        assertEquals(Panel.BURSTS, press(START, Action.FOCUS_NEXT).focus());
        assertEquals(Panel.STATUSES, press(START, Action.FOCUS_PREVIOUS).focus());
        DashboardState hidden = press(START, Action.TOGGLE_2);
        assertEquals(Set.of(Panel.BURSTS), hidden.hidden());
        assertEquals(Panel.ELECTED, press(hidden, Action.FOCUS_NEXT).focus());
        assertTrue(press(hidden, Action.TOGGLE_2).hidden().isEmpty());
        DashboardState mainHidden = press(START, Action.TOGGLE_1);
        assertEquals(Panel.BURSTS, mainHidden.focus(), "focus leaves a hidden panel");
    }

    @Test
    void oneFocusedPanelAlwaysStays() {
        DashboardState all = press(START, Action.TOGGLE_1, Action.TOGGLE_2, Action.TOGGLE_3, Action.TOGGLE_4,
            Action.TOGGLE_5, Action.TOGGLE_6, Action.TOGGLE_7);
        assertEquals(6, all.hidden().size());
        assertTrue(all.visible(all.focus()));
    }

    @Test
    void upDownAndPagesMoveTheSelectionWithinThePanel() {
        assertEquals(2, press(START, Action.DOWN, Action.DOWN).selected());
        assertEquals(0, press(START, Action.UP).selected());
        assertEquals(7, press(START, Action.PAGE_DOWN).selected(), "eight domains");
        assertEquals(0, press(START, Action.PAGE_DOWN, Action.PAGE_UP).selected());
    }

    @Test
    void enterOpensTheSelectedDomainAndEscGoesBack() {
        DashboardState detail = press(START, Action.DOWN, Action.DETAIL);
        assertEquals("openai.com", detail.detailDomain());
        assertNull(press(detail, Action.BACK).detailDomain());
    }

    @Test
    void wCyclesTheWindowAndPlusMinusChangeTheIntervalWithinLimits() {
        assertEquals(Window.TEN_MINUTES, press(START, Action.WINDOW).window());
        assertEquals(Window.ONE_MINUTE, press(START, Action.WINDOW, Action.WINDOW, Action.WINDOW, Action.WINDOW).window());
        assertEquals(Duration.ofMillis(500), press(START, Action.FASTER, Action.FASTER).interval());
        assertEquals(Duration.ofSeconds(60), press(START, Action.SLOWER, Action.SLOWER, Action.SLOWER,
            Action.SLOWER, Action.SLOWER, Action.SLOWER, Action.SLOWER).interval());
    }

    @Test
    void oCyclesTheSourcesAndBackToAll() {
        assertNull(START.source());
        assertEquals("generated", press(START, Action.SOURCE).source());
        assertEquals("dns", press(START, Action.SOURCE, Action.SOURCE, Action.SOURCE, Action.SOURCE).source());
        assertNull(press(START, Action.SOURCE, Action.SOURCE, Action.SOURCE, Action.SOURCE, Action.SOURCE).source());
        assertEquals(0, press(START, Action.DOWN, Action.SOURCE).selected(), "a new list starts at its top");
    }

    @Test
    void helpOpensAndAnyKeyClosesIt() {
        DashboardState help = press(START, Action.HELP);
        assertTrue(help.help());
        DashboardState closed = press(help, Action.PAUSE);
        assertFalse(closed.help());
        assertFalse(closed.paused(), "the closing key does nothing else");
    }

    @Test
    void everyActionHasAKeyInTheTableAndTheHelpListsThem() {
        for (Action action : Action.values()) {
            assertTrue(KeyBindings.TABLE.stream().anyMatch(b -> b.action() == action), action.name());
        }
        DashboardRenderer renderer = new DashboardRenderer(new RenderOptions(false, false, java.time.ZoneOffset.UTC, false));
        String help = renderer.render(SNAPSHOT, press(START, Action.HELP), SampleSnapshots.NOW, 100, 40).toString();
        for (KeyBindings.Binding binding : KeyBindings.TABLE) {
            assertTrue(help.contains(binding.action().description()), binding.action().name());
        }
    }
}
