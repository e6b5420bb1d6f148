package io.cdckit.core.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The recommender of a key with {@link ConfigRule}s: it recommends what the key's own recommender
 * does (if any) and throws the first broken rule as a {@code ConfigException}, which Connect's
 * validate endpoint reports on the key. {@link TransformConfig} checks the same rules at
 * {@code configure()} through {@link #check}.
 */
final class RuleRecommender implements ConfigDef.Recommender {

    private final ConfigDef.Recommender base;
    private final List<ConfigRule> rules;
    private final boolean secret;

    private RuleRecommender(ConfigDef.Recommender base, List<ConfigRule> rules, boolean secret) {
        this.base = base;
        this.rules = rules;
        this.secret = secret;
    }

    /** {@code current} (the key's recommender so far, maybe null) with one more rule. */
    static RuleRecommender adding(ConfigDef.Recommender current, ConfigRule rule, boolean secret) {
        if (current instanceof RuleRecommender r) {
            List<ConfigRule> rules = new ArrayList<>(r.rules);
            rules.add(rule);
            return new RuleRecommender(r.base, List.copyOf(rules), secret);
        }
        return new RuleRecommender(current, List.of(rule), secret);
    }

    /** Checks the rules of every key of {@code definition} against the parsed values. */
    static void checkAll(ConfigDef definition, Map<String, ?> parsed) {
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            if (key.recommender instanceof RuleRecommender r) {
                r.check(key.name, parsed);
            }
        }
    }

    void check(String name, Map<String, ?> parsed) {
        ConfigRule.Values values = new ConfigRule.Values(parsed);
        for (ConfigRule rule : rules) {
            String problem = rule.check(values);
            if (problem != null) {
                throw new ConfigException(name, shown(parsed.get(name)), problem);
            }
        }
    }

    /** The value as a message shows it: a list as its comma-separated text, a secret hidden. */
    private Object shown(Object value) {
        if (secret && value != null) {
            return Validators.HIDDEN;
        }
        return value instanceof List<?> list ? Validators.joined(list) : value;
    }

    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        check(name, parsedConfig);
        return base == null ? new ArrayList<>() : base.validValues(name, parsedConfig);
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
        return base == null || base.visible(name, parsedConfig);
    }
}
