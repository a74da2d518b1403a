package dev.webtop.monitor;

import static org.jline.keymap.KeyMap.ctrl;
import static org.jline.keymap.KeyMap.esc;
import static org.jline.keymap.KeyMap.key;

import java.util.ArrayList;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * The one table of keys: the loop's key map and the help screen are both made from it, so they
 * cannot disagree.
 */
public final class KeyBindings {

    /** One row of the table: the keys as the help shows them, and how the terminal sends them. */
    public record Binding(Action action, String shown, List<KeySource> keys) {
    }

    /** A key: a literal sequence, or a terminfo capability resolved for the terminal at hand. */
    public record KeySource(String literal, Capability capability) {
        static KeySource of(String literal) {
            return new KeySource(literal, null);
        }

        static KeySource of(Capability capability) {
            return new KeySource(null, capability);
        }
    }

    public static final List<Binding> TABLE = List.of(
        bind(Action.QUIT, "q Ctrl-C", KeySource.of("q"), KeySource.of(ctrl('C'))),
        bind(Action.PAUSE, "Space", KeySource.of(" ")),
        bind(Action.SORT_NEXT, "→ s", KeySource.of(Capability.key_right), KeySource.of("s"),
            KeySource.of(esc() + "[C"), KeySource.of(esc() + "OC")),
        bind(Action.SORT_PREVIOUS, "←", KeySource.of(Capability.key_left),
            KeySource.of(esc() + "[D"), KeySource.of(esc() + "OD")),
        bind(Action.REVERSE, "r", KeySource.of("r")),
        bind(Action.FILTER, "/", KeySource.of("/")),
        bind(Action.BACK, "Esc", KeySource.of(esc())),
        bind(Action.FOCUS_NEXT, "Tab", KeySource.of("\t")),
        bind(Action.FOCUS_PREVIOUS, "Shift-Tab", KeySource.of(Capability.key_btab),
            KeySource.of(esc() + "[Z")),
        bind(Action.TOGGLE_1, "1", KeySource.of("1")),
        bind(Action.TOGGLE_2, "2", KeySource.of("2")),
        bind(Action.TOGGLE_3, "3", KeySource.of("3")),
        bind(Action.TOGGLE_4, "4", KeySource.of("4")),
        bind(Action.TOGGLE_5, "5", KeySource.of("5")),
        bind(Action.TOGGLE_6, "6", KeySource.of("6")),
        bind(Action.TOGGLE_7, "7", KeySource.of("7")),
        bind(Action.UP, "↑ k", KeySource.of(Capability.key_up), KeySource.of("k"),
            KeySource.of(esc() + "[A"), KeySource.of(esc() + "OA")),
        bind(Action.DOWN, "↓ j", KeySource.of(Capability.key_down), KeySource.of("j"),
            KeySource.of(esc() + "[B"), KeySource.of(esc() + "OB")),
        bind(Action.PAGE_UP, "PgUp", KeySource.of(Capability.key_ppage), KeySource.of(esc() + "[5~")),
        bind(Action.PAGE_DOWN, "PgDn", KeySource.of(Capability.key_npage), KeySource.of(esc() + "[6~")),
        bind(Action.DETAIL, "Enter", KeySource.of("\r"), KeySource.of("\n")),
        bind(Action.WINDOW, "w", KeySource.of("w")),
        bind(Action.SOURCE, "o", KeySource.of("o")),
        bind(Action.FASTER, "+", KeySource.of("+")),
        bind(Action.SLOWER, "-", KeySource.of("-")),
        bind(Action.HELP, "? h", KeySource.of("?"), KeySource.of("h")),
        bind(Action.REDRAW, "Ctrl-L", KeySource.of(ctrl('L'))));

    /** The footer's short list of the main keys. */
    public static final String FOOTER =
        "q quit  Space pause  ←→ sort  r rev  / filter  Tab focus  1-7 panels  Enter detail  w window  ? help";

    private KeyBindings() {
    }

    private static Binding bind(Action action, String shown, KeySource... keys) {
        return new Binding(action, shown, List.of(keys));
    }

    /** The key map the loop reads with; keys a terminal lacks are skipped. */
    public static KeyMap<Action> keyMap(Terminal terminal) {
        KeyMap<Action> map = new KeyMap<>();
        for (Binding binding : TABLE) {
            List<String> sequences = new ArrayList<>();
            for (KeySource source : binding.keys()) {
                String sequence = source.literal() != null ? source.literal() : key(terminal, source.capability());
                if (sequence != null && !sequence.isEmpty()) {
                    sequences.add(sequence);
                }
            }
            map.bind(binding.action(), sequences.toArray(new CharSequence[0]));
        }
        // a bare Esc must not wait a second to find out it is not the start of an arrow key
        map.setAmbiguousTimeout(50);
        return map;
    }
}
