package dev.webtop.monitor;

import dev.webtop.db.ConnectionPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The only code that touches the terminal. A collector thread refreshes the snapshot every
 * interval (one refresh at a time, backing off while the database is away); this thread draws
 * and reads keys. Raw mode, the alternate screen and the hidden cursor are undone in `finally`,
 * whatever ends the loop.
 */
public final class DashboardLoop {
    private static final long KEY_POLL_MILLIS = 100;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Terminal terminal;
    private final ConnectionPool pool;
    private final SnapshotCollector collector;
    private final DashboardRenderer renderer;
    private final AtomicReference<DashboardSnapshot> latest = new AtomicReference<>();
    private volatile DashboardState state;
    private volatile boolean stopped;
    private volatile boolean dirty = true;
    private volatile boolean resized = true;
    private volatile Thread collectorThread;
    private DashboardSnapshot frozen;

    public DashboardLoop(Terminal terminal, ConnectionPool pool, SnapshotCollector collector,
                         DashboardRenderer renderer, DashboardState initial) {
        this.terminal = terminal;
        this.pool = pool;
        this.collector = collector;
        this.renderer = renderer;
        this.state = initial;
    }

    /**
     * Runs the dashboard on this process's terminal until q or Ctrl-C: colours when asked and
     * the terminal has at least 8, the renderer's other options as given.
     */
    public static void runOnSystemTerminal(ConnectionPool pool, SnapshotCollector collector, DashboardState state,
                                           boolean color, RenderOptions options) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Integer colors = terminal.getNumericCapability(Capability.max_colors);
            RenderOptions shown = new RenderOptions(color && colors != null && colors >= 8, options.ascii(),
                options.zone(), options.verbose());
            new DashboardLoop(terminal, pool, collector, new DashboardRenderer(shown), state).run();
        }
    }

    public void run() {
        Attributes saved = terminal.enterRawMode();
        SignalHandler previousWinch = terminal.handle(Signal.WINCH, signal -> resized = true);
        SignalHandler previousInt = terminal.handle(Signal.INT, signal -> stopped = true);
        boolean alternate = terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        collectorThread = new Thread(this::collectLoop, "dashboard-collector");
        collectorThread.setDaemon(true);
        collectorThread.start();
        try {
            drawAndReadKeys();
        } finally {
            stopped = true;
            LockSupport.unpark(collectorThread);
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            if (alternate) {
                terminal.puts(Capability.exit_ca_mode);
            } else {
                terminal.puts(Capability.clear_screen);
            }
            terminal.flush();
            terminal.setAttributes(saved);
            terminal.handle(Signal.WINCH, previousWinch);
            terminal.handle(Signal.INT, previousInt);
        }
    }

    private void drawAndReadKeys() {
        Display display = new Display(terminal, true);
        KeyMap<Action> keys = KeyBindings.keyMap(terminal);
        BindingReader bindings = new BindingReader(terminal.reader());
        NonBlockingReader reader = terminal.reader();
        Size size = terminal.getSize();
        long lastSecond = -1;
        while (!stopped) {
            if (resized) {
                resized = false;
                size = terminal.getSize();
                display.clear();
                display.resize(size.getRows(), size.getColumns());
                dirty = true;
            }
            Instant now = Instant.now();
            if (dirty || now.getEpochSecond() != lastSecond) {
                dirty = false;
                lastSecond = now.getEpochSecond();
                DashboardSnapshot shown = state.paused() && frozen != null ? frozen : latest.get();
                List<AttributedString> lines = renderer.render(shown, state, now,
                    Math.max(1, size.getColumns()), Math.max(1, size.getRows()));
                display.update(lines, 0);
                terminal.flush();
            }
            try {
                int next = reader.peek(KEY_POLL_MILLIS);
                if (next == NonBlockingReader.EOF) {
                    return;
                }
                if (next != NonBlockingReader.READ_EXPIRED) {
                    if (state.editingFilter()) {
                        editFilter(reader.read());
                    } else {
                        act(bindings.readBinding(keys, null, false), display);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void act(Action action, Display display) {
        if (action == null) {
            return;
        }
        if (action == Action.QUIT && !state.help()) {
            stopped = true;
            return;
        }
        DashboardState before = state;
        DashboardSnapshot current = state.paused() && frozen != null ? frozen : latest.get();
        state = StateTransitions.apply(before, action, current);
        if (state.paused() && !before.paused()) {
            frozen = latest.get();
        }
        if (action == Action.REDRAW) {
            display.clear();
        }
        boolean needsData = state.window() != before.window()
            || !state.interval().equals(before.interval())
            || (state.detailDomain() != null && !state.detailDomain().equals(before.detailDomain()));
        if (needsData) {
            LockSupport.unpark(collectorThread);
        }
        dirty = true;
    }

    private void editFilter(int c) throws IOException {
        if (c == 27) {
            // an arrow key or other escape sequence while typing: drop it along with the Esc
            while (terminal.reader().peek(20) > 0) {
                terminal.reader().read();
            }
            state = StateTransitions.apply(state, Action.BACK, latest.get());
        } else if (c == '\r' || c == '\n') {
            state = StateTransitions.applyFilter(state);
        } else if (c == 127 || c == 8) {
            state = StateTransitions.eraseFilter(state);
        } else if (c >= 32) {
            state = StateTransitions.typeFilter(state, (char) c);
        }
        dirty = true;
    }

    /** Refreshes until stopped; waits a full interval after each refresh, longer while failing. */
    private void collectLoop() {
        int failures = 0;
        while (!stopped) {
            DashboardState current = state;
            try {
                latest.set(pool.run(connection -> collector.collect(connection, current)));
                failures = 0;
            } catch (Exception e) {
                failures++;
                DashboardSnapshot last = latest.get();
                if (last != null) {
                    latest.set(last.failed(reason(e)));
                }
            }
            dirty = true;
            Duration pause = failures == 0 ? current.interval()
                : Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(failures - 1, 4)));
            LockSupport.parkNanos(pause.toNanos());
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
