package dev.webtop.generate;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DomainNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A traffic pattern as `webtop setup` schedules it: page views for one domain every interval,
 * a fixed amount or one drawn from a range each run, changing from run to run by its shape.
 * Checked before anything is scheduled; config() is the generation job's config.
 */
public record TrafficPattern(String domain, Duration every, Long amount, Long amountMin, Long amountMax,
                             PatternShape shape) {

    /** Validates every value (exit 2 naming what is accepted); the domain is kept in lower case. */
    public static TrafficPattern of(String domain, Duration every, Long amount, Long amountMin, Long amountMax,
                                    PatternShape shape) {
        if (domain == null || !DomainNames.isValid(domain.toLowerCase(Locale.ROOT))) {
            throw WebtopException.badInput("--domain '" + domain + "' is not a domain name; use one like example.com");
        }
        if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw WebtopException.badInput("--every must be at least 1s (like 5s, 1m, 1h)");
        }
        boolean range = amountMin != null || amountMax != null;
        if ((amount == null) == !range || (range && (amountMin == null || amountMax == null))) {
            throw WebtopException.badInput("give either --amount N or both --amount-min and --amount-max");
        }
        if ((amount != null && amount < 0) || (amountMin != null && amountMin < 0)) {
            throw WebtopException.badInput("amounts cannot be negative");
        }
        if (range && amountMin > amountMax) {
            throw WebtopException.badInput("--amount-min cannot be above --amount-max");
        }
        return new TrafficPattern(domain.toLowerCase(Locale.ROOT), every, amount, amountMin, amountMax, shape);
    }

    /** The generation job's config (see generate_log_data_job in sql/common/R__40_generate.sql). */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("domain", domain);
        config.put("use_specific_domain", true);
        putIfSet(config, "amount", amount);
        putIfSet(config, "amount_min", amountMin);
        putIfSet(config, "amount_max", amountMax);
        switch (shape.shape()) {
            case GROWING, DECLINING -> {
                putIfSet(config, "growth_rate", shape.growthRate());
                putIfSet(config, "cap", shape.cap());
            }
            case BURSTY -> {
                putIfSet(config, "burst_probability", shape.burstProbability());
                putIfSet(config, "burst_multiplier", shape.burstMultiplier());
            }
            default -> {
            }
        }
        return config;
    }

    /** Whole numbers go in as integers, so the config reads as it was typed: -20, not -20.0. */
    private static void putIfSet(Map<String, Object> config, String key, Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            config.put(key, d.longValue());
        } else if (value != null) {
            config.put(key, value);
        }
    }
}
