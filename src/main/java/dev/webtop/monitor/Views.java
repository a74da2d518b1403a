package dev.webtop.monitor;

import dev.webtop.db.Job;
import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import dev.webtop.monitor.DashboardSnapshot.ElectedRow;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The rows each panel shows: the snapshot's data through the state's filter and sort. */
final class Views {
    private Views() {
    }

    static List<DomainRow> websites(DashboardSnapshot snapshot, DashboardState state) {
        return filtered(snapshot.domains(), state, DomainRow::domain).stream()
            .sorted(state.sort().order(state.reversed()))
            .toList();
    }

    static List<DomainRow> bursts(DashboardSnapshot snapshot, DashboardState state) {
        return filtered(snapshot.bursts(), state, DomainRow::domain).stream()
            .sorted(Comparator.comparingDouble(DomainRow::burstMultiple).reversed()
                .thenComparing(DomainRow::domain))
            .toList();
    }

    static List<ElectedRow> elected(DashboardSnapshot snapshot, DashboardState state) {
        return filtered(snapshot.elected(), state, ElectedRow::domain);
    }

    static List<Job> jobs(DashboardSnapshot snapshot, DashboardState state) {
        return filtered(snapshot.jobs(), state, Job::name);
    }

    static List<DashboardSnapshot.ProbeRow> probes(DashboardSnapshot snapshot, DashboardState state) {
        return filtered(snapshot.probes(), state, DashboardSnapshot.ProbeRow::target);
    }

    /** The status-code panel's rows, filtered like the others. */
    static List<DashboardSnapshot.StatusRow> statuses(DashboardSnapshot snapshot, DashboardState state) {
        return filtered(snapshot.statuses(), state, DashboardSnapshot.StatusRow::domain);
    }

    /** The probes of a domain: targets on that host or one of its subdomains. */
    static List<DashboardSnapshot.ProbeRow> probesOf(DashboardSnapshot snapshot, String domain) {
        return snapshot.probes().stream()
            .filter(p -> p.target().contains("//" + domain) || p.target().contains("." + domain))
            .toList();
    }

    /** How many rows the panel has, for moving the selection. */
    static int rowCount(DashboardSnapshot snapshot, DashboardState state, Panel panel) {
        return switch (panel) {
            case WEBSITES -> websites(snapshot, state).size();
            case BURSTS -> bursts(snapshot, state).size();
            case ELECTED -> elected(snapshot, state).size();
            case JOBS -> jobs(snapshot, state).size();
            case STORAGE -> snapshot.storage().size();
            case PROBES -> probes(snapshot, state).size();
            case STATUSES -> statuses(snapshot, state).size();
        };
    }

    /** The domain of the selected row, for the detail view; null when the panel has none. */
    static String selectedDomain(DashboardSnapshot snapshot, DashboardState state) {
        List<String> domains = switch (state.focus()) {
            case WEBSITES -> websites(snapshot, state).stream().map(DomainRow::domain).toList();
            case BURSTS -> bursts(snapshot, state).stream().map(DomainRow::domain).toList();
            case ELECTED -> elected(snapshot, state).stream().map(ElectedRow::domain).toList();
            case STATUSES -> statuses(snapshot, state).stream().map(DashboardSnapshot.StatusRow::domain).toList();
            default -> List.of();
        };
        return state.selected() < domains.size() ? domains.get(state.selected()) : null;
    }

    private static <T> List<T> filtered(List<T> rows, DashboardState state, Function<T, String> name) {
        Pattern pattern = state.filterPattern();
        if (pattern == null) {
            return rows;
        }
        return rows.stream().filter(row -> pattern.matcher(name.apply(row)).find()).toList();
    }
}
