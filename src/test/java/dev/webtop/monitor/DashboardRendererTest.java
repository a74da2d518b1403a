package dev.webtop.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.support.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/**
 * Golden screens: the renderer's text at fixed sizes against files under src/test/resources.
 * To accept a deliberate change, run with -Dgolden.update=true and review the diff.
 */
class DashboardRendererTest {
    private static final DashboardRenderer PLAIN =
        new DashboardRenderer(new RenderOptions(false, false, ZoneOffset.UTC, false));
    private static final DashboardState STATE = DashboardState.initial(Duration.ofSeconds(1), Window.ONE_MINUTE);

    private static String screen(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).collect(Collectors.joining("\n")) + "\n";
    }

    private static void assertGolden(String name, List<AttributedString> lines, int width, int height)
        throws IOException {
        assertEquals(height, lines.size(), "line count");
        for (AttributedString line : lines) {
            assertTrue(line.columnLength() <= width, "wider than " + width + ": " + line);
        }
        String actual = screen(lines);
        Path source = TestPaths.projectRoot().resolve("src/test/resources/dev/webtop/monitor").resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(source, actual, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(source) ? Files.readString(source, StandardCharsets.UTF_8)
            : "(no golden file " + name + ")";
        assertEquals(expected, actual, name);
    }

    @Test
    void standardTerminal80x24() throws IOException {
        assertGolden("screen-80x24.txt", PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 80, 24), 80, 24);
    }

    @Test
    void largeTerminal132x43() throws IOException {
        assertGolden("screen-132x43.txt", PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 132, 43), 132, 43);
    }

    @Test
    void tooSmallSaysTheCurrentAndNeededSize() throws IOException {
        assertGolden("screen-30x8.txt", PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 30, 8), 30, 8);
    }

    @Test
    void emptyDataShowsHintsNotErrors() {
        String screen = screen(PLAIN.render(SampleSnapshots.empty(), STATE, SampleSnapshots.NOW, 100, 30));
        assertTrue(screen.contains("no traffic yet: try ./webtop setup"), screen);
        assertTrue(screen.contains("no election yet"), screen);
    }

    @Test
    void aFilterThatMatchesNothingSaysSoInEveryPanelItFilters() {
        DashboardState filtered = STATE.withFilter("nothing-like-this", null);
        String screen = screen(PLAIN.render(SampleSnapshots.busy(), filtered, SampleSnapshots.NOW, 132, 43));
        assertTrue(screen.contains("no domain matches the filter /nothing-like-this/"), screen);
        assertTrue(screen.contains("no elected domain matches the filter /nothing-like-this/"), screen);
        assertTrue(screen.contains("no probe target matches the filter /nothing-like-this/"), screen);
        assertTrue(!screen.contains("no election yet") && !screen.contains("no probes yet"), screen);
    }

    @Test
    void everySizeFromTheMinimumUpKeepsEveryLineOnTheScreen() {
        for (int width = 20; width <= 140; width += 7) {
            for (int height = 5; height <= 50; height += 5) {
                List<AttributedString> lines = PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, width, height);
                assertEquals(height, lines.size(), width + "x" + height);
                for (AttributedString line : lines) {
                    assertTrue(line.columnLength() <= width, width + "x" + height + ": " + line);
                }
            }
        }
    }

    @Test
    void narrowScreensDropColumnsBeforePanels() {
        String wide = screen(PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 132, 43));
        String narrow = screen(PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 60, 43));
        assertTrue(wide.contains("LAST 30 MIN") && wide.contains("SHARE"), wide);
        assertTrue(!narrow.contains("LAST 30 MIN") && !narrow.contains("SHARE"), narrow);
        assertTrue(narrow.contains("LEVEL") && narrow.contains("5 Storage"), narrow);
    }

    @Test
    void shortScreensDropTheLowestPanelsFirst() {
        String screen = screen(PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 100, 12));
        assertTrue(screen.contains("1 Top websites"), screen);
        assertTrue(!screen.contains("5 Storage") && !screen.contains("4 Jobs"), screen);
    }

    @Test
    void levelsTrendsAndFailuresReadWithoutColour() {
        String screen = screen(PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 132, 43));
        assertTrue(screen.contains("↑ Growing") && screen.contains("↓ Declining") && screen.contains("→ Stable"), screen);
        assertTrue(screen.contains("BURST"), screen);
        assertTrue(screen.contains("! pattern:broken.example"), screen);
        String ascii = screen(new DashboardRenderer(new RenderOptions(false, true, ZoneOffset.UTC, false))
            .render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 132, 43));
        assertTrue(ascii.chars().allMatch(c -> c < 128), "non-ASCII with --ascii");
    }

    @Test
    void colourIsOnlyUsedWhenAsked() {
        List<AttributedString> plain = PLAIN.render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 132, 43);
        List<AttributedString> coloured = new DashboardRenderer(new RenderOptions(true, false, ZoneOffset.UTC, false))
            .render(SampleSnapshots.busy(), STATE, SampleSnapshots.NOW, 132, 43);
        assertTrue(plain.stream().noneMatch(line -> line.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.None)
            .contains("\u001b[3")), "foreground colour without colour");
        assertTrue(coloured.stream().anyMatch(line -> line.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.None)
            .contains("\u001b[3")), "no colour at all");
    }

    @Test
    void aStaleSnapshotSaysHowOldItIsAndThatItIsReconnecting() {
        DashboardSnapshot stale = SampleSnapshots.busy().failed("Connection refused");
        String screen = screen(PLAIN.render(stale, STATE, SampleSnapshots.NOW.plusSeconds(12), 100, 30));
        assertTrue(screen.contains("stale 12s · reconnecting: Connection refused"), screen);
        assertTrue(screen.contains("bursty-traffic.com"), "the last frame stays: " + screen);
    }
}
