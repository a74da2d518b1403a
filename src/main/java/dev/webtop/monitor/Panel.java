package dev.webtop.monitor;

/** The dashboard's panels in screen order; digits 1–7 toggle them, lower priority drops first. */
public enum Panel {
    WEBSITES("Top websites", 0),
    BURSTS("Bursts now", 1),
    ELECTED("Elected top websites", 2),
    JOBS("Jobs", 3),
    STORAGE("Storage", 4),
    PROBES("Probes", 5),
    STATUSES("Status codes", 6);

    private final String title;
    private final int dropOrder;

    Panel(String title, int dropOrder) {
        this.title = title;
        this.dropOrder = dropOrder;
    }

    public String title() {
        return title;
    }

    /** Panels with a higher number give way first when the screen is short. */
    int dropOrder() {
        return dropOrder;
    }

    public int number() {
        return ordinal() + 1;
    }
}
