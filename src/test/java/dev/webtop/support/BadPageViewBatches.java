package dev.webtop.support;

/**
 * Batches in the page-views format that must be refused whole, each with a piece of the message
 * that names what is wrong: `generate --from-json` and `serve`'s /page-views/multi share them.
 */
public final class BadPageViewBatches {
    public static final String[][] CASES = {
        {"{\"example.com/a\": {\"2025-07-16T10:00:00Z\": 5}, \"example.com/b\": {\"yesterday\": 1}}", "'yesterday'"},
        {"{\"example.com/a\": {\"2025-07-16T10:00:00Z\": -1}}", "example.com/a"},
        {"{\"example.com/a\": {\"2025-07-16T10:00:00Z\": 2.5}}", "not 2.5"},
        {"{\"example.com/a\": {\"2025-07-16T10:00:00Z\": 1}", "malformed JSON"},
        {"{\"/just-a-path\": {\"2025-07-16T10:00:00Z\": 1}}", "'/just-a-path' is not domain/path"},
        {"{\"example.com/a\": {\"2025-07-16T10:00:00Z\": 1, \"2025-07-16T10:00:00Z\": 2}}", "2025-07-16T10:00:00Z"},
        {"[1, 2]", "expected an object of pages"},
        {"{\"example.com/a\": {\"2025-07-16T10:00:00Z\": 99999999999999999999999}}", "whole number"},
        {"{\"example.com/a\": {\"+99999-01-01T00:00:00Z\": 1}}", "outside the years 1970 to 9999"},
    };

    private BadPageViewBatches() {
    }
}
