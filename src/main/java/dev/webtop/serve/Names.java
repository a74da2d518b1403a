package dev.webtop.serve;

import dev.webtop.traffic.LogBatch;
import java.util.HashMap;
import java.util.Map;

/**
 * One UTF-8 array per distinct name in a batch: the bot rule and the bookkeeping tell users,
 * domains and pages apart by their arrays, and a busy page is encoded once, not once per view.
 */
final class Names {
    private static final int KEPT = 100_000;
    private final Map<String, byte[]> arrays = new HashMap<>();

    byte[] of(String name) {
        return name == null ? null : arrays.computeIfAbsent(name, LogBatch::utf8);
    }

    /** Between batches: names are kept for the next one, unless a flood of them has piled up. */
    void forgetIfMany() {
        if (arrays.size() > KEPT) {
            arrays.clear();
        }
    }
}
