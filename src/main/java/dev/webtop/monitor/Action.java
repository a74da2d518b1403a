package dev.webtop.monitor;

/** Everything a key can do on the dashboard; the help screen lists them from KeyBindings. */
public enum Action {
    QUIT("quit"),
    PAUSE("pause or resume the display (collection goes on)"),
    SORT_NEXT("sort by the next column"),
    SORT_PREVIOUS("sort by the previous column"),
    REVERSE("reverse the sort order"),
    FILTER("filter every panel by domain (regex); Enter applies, Esc clears"),
    BACK("close help or detail, clear the filter"),
    FOCUS_NEXT("focus the next panel"),
    FOCUS_PREVIOUS("focus the previous panel"),
    TOGGLE_1("show or hide panel 1 (top websites)"),
    TOGGLE_2("show or hide panel 2 (bursts)"),
    TOGGLE_3("show or hide panel 3 (elected)"),
    TOGGLE_4("show or hide panel 4 (jobs)"),
    TOGGLE_5("show or hide panel 5 (storage)"),
    TOGGLE_6("show or hide panel 6 (probes)"),
    TOGGLE_7("show or hide panel 7 (status codes)"),
    UP("move up in the focused panel"),
    DOWN("move down in the focused panel"),
    PAGE_UP("page up"),
    PAGE_DOWN("page down"),
    DETAIL("open the selected domain's detail view"),
    WINDOW("cycle the window 1m / 10m / 1h / 1d (adds Δ% against the period before)"),
    SOURCE("only domains with traffic from: all, generated, client, access_log, dns"),
    FASTER("refresh twice as often (down to 0.5 s)"),
    SLOWER("refresh half as often (up to 60 s)"),
    HELP("this help"),
    REDRAW("redraw the screen");

    private final String description;

    Action(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
