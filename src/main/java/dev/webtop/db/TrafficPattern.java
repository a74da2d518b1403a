package dev.webtop.db;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DomainNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A traffic pattern as `webtop setup` takes it from flags, checked before anything is scheduled,
 * and the generation job's config it becomes.
 */
public record TrafficPattern(Shape shape, String domain, Duration every, Long amount,
                             Long amountMin, Long amountMax, Double growthRate, Long cap,
                             Double burstProbability, Double burstMultiplier) {

    /** steady: a constant volume; bursty: sometimes multiplied; growing/declining: changes per run. */
    public enum Shape { STEADY, BURSTY, GROWING, DECLINING }

    public static final double DEFAULT_BURST_PROBABILITY = 0.4;
    public static final double DEFAULT_BURST_MULTIPLIER = 10;
    public static final double DEFAULT_GROWTH_RATE = 10;

    /** Validates every value (exit 2 naming what is accepted) and fills in the shape's defaults. */
    public static TrafficPattern of(Shape shape, String domain, Duration every, Long amount,
                                    Long amountMin, Long amountMax, Double growthRate, Long cap,
                                    Double burstProbability, Double burstMultiplier) {
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
        if ((amount != null && amount < 0) || (amountMin != null && amountMin < 0) || (cap != null && cap < 0)) {
            throw WebtopException.badInput("amounts and --cap cannot be negative");
        }
        if (range && amountMin > amountMax) {
            throw WebtopException.badInput("--amount-min cannot be above --amount-max");
        }
        if (burstProbability != null && !(burstProbability >= 0 && burstProbability <= 1)) {
            throw WebtopException.badInput("--burst-probability must be between 0 and 1");
        }
        if (burstMultiplier != null && !(burstMultiplier >= 1)) {
            throw WebtopException.badInput("--burst-multiplier must be at least 1");
        }
        boolean bursts = burstProbability != null || burstMultiplier != null;
        if (bursts && shape != Shape.BURSTY) {
            throw WebtopException.badInput("--burst-probability and --burst-multiplier go with --pattern bursty");
        }
        if (growthRate != null && (shape == Shape.STEADY || shape == Shape.BURSTY)) {
            throw WebtopException.badInput("--growth-rate goes with --pattern growing or declining");
        }
        Double growth = switch (shape) {
            case GROWING -> growthRate == null ? DEFAULT_GROWTH_RATE : growthRate;
            case DECLINING -> -Math.abs(growthRate == null ? DEFAULT_GROWTH_RATE : growthRate);
            default -> null;
        };
        if (shape == Shape.GROWING && !(growth > 0)) {
            throw WebtopException.badInput("a growing pattern needs a positive --growth-rate");
        }
        if (shape == Shape.BURSTY) {
            burstProbability = burstProbability == null ? DEFAULT_BURST_PROBABILITY : burstProbability;
            burstMultiplier = burstMultiplier == null ? DEFAULT_BURST_MULTIPLIER : burstMultiplier;
        }
        return new TrafficPattern(shape, domain.toLowerCase(Locale.ROOT), every, amount, amountMin,
            amountMax, growth, cap, burstProbability, burstMultiplier);
    }

    /** The generation job's config (see generate_log_data_job in sql/common/R__40_generate.sql). */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("domain", domain);
        config.put("use_specific_domain", true);
        putIfSet(config, "amount", amount);
        putIfSet(config, "amount_min", amountMin);
        putIfSet(config, "amount_max", amountMax);
        putIfSet(config, "growth_rate", growthRate);
        putIfSet(config, "cap", cap);
        putIfSet(config, "burst_probability", burstProbability);
        putIfSet(config, "burst_multiplier", burstMultiplier);
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
