package dev.webtop.cli;

import picocli.CommandLine.Option;

/** --json: what a command prints, as JSON for scripts (each command's description says its shape). */
class JsonOutput {
    @Option(names = "--json", description = "Print JSON instead of text, for scripts.")
    boolean json;
}
