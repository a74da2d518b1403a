package dev.webtop.probe;

import dev.webtop.base.WebtopException;
import java.util.ArrayList;
import java.util.List;

/** Accepted HTTP status codes, as `200-299,301` says. */
public record StatusSet(List<int[]> ranges, String text) {
    public static final StatusSet SUCCESS = parse("200-299");

    public static StatusSet parse(String text) {
        List<int[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] bounds = part.strip().split("-", 2);
            try {
                int low = Integer.parseInt(bounds[0].strip());
                int high = bounds.length == 2 ? Integer.parseInt(bounds[1].strip()) : low;
                if (low < 100 || high > 599 || low > high) {
                    throw new NumberFormatException();
                }
                ranges.add(new int[] {low, high});
            } catch (NumberFormatException e) {
                throw WebtopException.badInput("--expect-status '" + text + "' is not a list of HTTP "
                    + "statuses; use codes and ranges from 100 to 599, like 200-299,301");
            }
        }
        return new StatusSet(List.copyOf(ranges), text);
    }

    public boolean accepts(int status) {
        return ranges.stream().anyMatch(r -> status >= r[0] && status <= r[1]);
    }
}
