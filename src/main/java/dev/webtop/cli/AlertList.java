package dev.webtop.cli;

import dev.webtop.alert.AlertActivity;
import dev.webtop.alert.AlertCatalog;
import dev.webtop.alert.AlertChannel;
import dev.webtop.alert.AlertRule;
import dev.webtop.alert.AlertSilence;
import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.config.Durations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `webtop alert list`: channels, rules, silences, what fires and the outbox. */
final class AlertList {
    private AlertList() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Channels, rules, silences, what fires now, the outbox's messages by state, and the "
            + "channels whose messages wait, with what their receiver last answered.",
            "--json prints one object: channels, rules, silences, firing, outbox, waiting."})
    static final class ListAll extends WebtopCommand {
        @Mixin
        DbOptions db;

        @Mixin
        JsonOutput output;

        @Override
        protected int execute() {
            AlertCatalog catalog = new AlertCatalog(db.target(environment()));
            List<AlertChannel> channels = catalog.channels();
            List<AlertCatalog.Listed> rules = catalog.rules();
            List<AlertSilence> silences = catalog.silences();
            AlertActivity activity = new AlertActivity(db.target(environment()));
            List<Map<String, Object>> firing = activity.firing();
            Map<String, Long> outbox = activity.outbox();
            List<AlertActivity.Waiting> waiting = activity.waiting();
            if (output.json) {
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("channels", channels.stream().map(c -> Map.of("name", c.name(), "kind", c.kind().label(),
                    "url", c.shownUrl())).toList());
                all.put("rules", rules.stream().map(ListAll::json).toList());
                all.put("silences", silences.stream().map(s -> Map.of("id", s.id(), "subject", s.subject(),
                    "when", s.when(), "reason", s.reason() == null ? "" : s.reason())).toList());
                all.put("firing", firing);
                all.put("outbox", outbox);
                all.put("waiting", waiting.stream().map(w -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("channel", w.channel());
                    one.put("messages", w.messages());
                    one.put("oldest", w.oldest().toString());
                    one.put("next_attempt", w.nextAttempt().toString());
                    one.put("last_error", w.lastError());
                    return one;
                }).toList());
                out().println(Json.write(all));
                return ExitCode.OK;
            }
            out().println("CHANNELS");
            channels.forEach(c -> out().printf("  %-16s %-8s %s%n", c.name(), c.kind().label(), c.shownUrl()));
            out().println("RULES");
            out().printf("  %4s %-12s %-40s %-32s %-8s %s%n", "ID", "KIND", "WATCHES", "WHEN", "FIRING", "TELLS");
            for (AlertCatalog.Listed listed : rules) {
                AlertRule r = listed.rule();
                out().printf("  %4d %-12s %-40s %-32s %-8d %s%n", r.id(), r.kind().label(), r.subject(),
                    r.condition() + (r.remind() == null ? "" : ", remind " + Durations.format(r.remind())),
                    listed.firing(), String.join(", ", r.channels()));
            }
            out().println("SILENCES");
            silences.forEach(s -> out().printf("  %4d %-40s %s%s%n", s.id(), s.subject(), s.when(),
                s.reason() == null ? "" : " (" + s.reason() + ")"));
            out().println("FIRING");
            firing.forEach(f -> out().printf("  since %s  rule %s  %s%s%n", f.get("since"), f.get("rule_id"),
                f.get("summary"), Boolean.TRUE.equals(f.get("told")) ? "" : "  [silenced]"));
            out().println("OUTBOX  " + outbox.get("pending") + " pending, " + outbox.get("sent") + " sent, "
                + outbox.get("failed") + " failed");
            waiting.forEach(w -> out().printf("  %s: %d waiting since %s, next attempt %s%s%n", w.channel(),
                w.messages(), w.oldest(), w.nextAttempt(), w.lastError() == null ? "" : "; it answered: " + w.lastError()));
            return ExitCode.OK;
        }

        private static Map<String, Object> json(AlertCatalog.Listed listed) {
            AlertRule r = listed.rule();
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", r.id());
            rule.put("kind", r.kind().label());
            rule.put("watches", r.watches());
            rule.put("condition", r.condition());
            rule.put("remind_seconds", r.remind() == null ? null : r.remind().toSeconds());
            rule.put("channels", r.channels());
            rule.put("firing", listed.firing());
            return rule;
        }
    }
}
