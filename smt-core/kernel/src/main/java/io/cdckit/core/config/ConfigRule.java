package io.cdckit.core.config;

import io.cdckit.core.path.FieldPathSyntaxException;
import io.cdckit.core.path.PathMapping;

import org.apache.kafka.common.config.types.Password;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A rule about one key that a validator cannot check alone: it needs other keys' values (two keys
 * that exclude each other, a name that two entries produce once a prefix is applied, a key that
 * is required unless another is set).
 *
 * <p>Declared once on the key it concerns ({@link ConfigKeys#rule}), a rule is checked in both
 * places a user meets a configuration: by {@link TransformConfig} at {@code configure()}, and by
 * Connect's {@code PUT /connector-plugins/{class}/config/validate}, which asks each key's
 * recommender with every parsed value and reports what it throws as that key's error. Both give
 * the same message.
 */
@FunctionalInterface
public interface ConfigRule {

    /**
     * What is wrong, or null when the values keep the rule. The message names keys and types, never
     * values (a key's own value is added to the message unless it is secret).
     */
    String check(Values values);

    /**
     * Every key's parsed value: the default for an unset key, null for a key with no default (and,
     * during validation, for a value that failed to parse).
     */
    final class Values {
        private final Map<String, ?> parsed;

        Values(Map<String, ?> parsed) {
            this.parsed = parsed;
        }

        /**
         * The parsed values of a configuration, e.g. {@code TransformConfig.values()}: for code that
         * derives a setting from several keys both in a rule and in {@code configure()}.
         */
        public static Values of(Map<String, ?> parsed) {
            return new Values(parsed);
        }

        public Object get(String key) {
            return parsed.get(key);
        }

        /** Whether the key has a value that is not blank and not an empty list. */
        public boolean isSet(String key) {
            Object v = parsed.get(key);
            if (v instanceof String) {
                return !((String) v).isBlank();
            }
            if (v instanceof Collection) {
                return !((Collection<?>) v).isEmpty();
            }
            if (v instanceof Password) {
                return ((Password) v).value() != null && !((Password) v).value().isEmpty();
            }
            return v != null;
        }

        /** A string key's value, trimmed, or null if unset or blank. */
        public String string(String key) {
            Object v = parsed.get(key);
            String s = v == null ? null : v.toString().trim();
            return s == null || s.isEmpty() ? null : s;
        }

        /** A list key's entries, trimmed, without empty ones (empty if unset). */
        public List<String> list(String key) {
            Object v = parsed.get(key);
            if (v instanceof List) {
                return ((List<?>) v).stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
            }
            String s = string(key);
            return s == null ? List.of()
                    : Arrays.stream(s.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
        }

        /**
         * A {@code path:target} list key's entries ({@link ConfigKeys#pathMappings}), or null when
         * they do not parse (the key's validator reports that).
         */
        public List<PathMapping> pathMappings(String key) {
            return entries(key, false);
        }

        /**
         * A key's entries of paths with optional targets ({@link ConfigKeys#pathsWithOptionalTarget}),
         * or null when they do not parse (the key's validator reports that).
         */
        public List<PathMapping> pathsWithOptionalTarget(String key) {
            return entries(key, true);
        }

        private List<PathMapping> entries(String key, boolean targetOptional) {
            Object v = parsed.get(key);
            if (!(v instanceof List<?> list)) {
                return null;
            }
            try {
                return PathMapping.parseList(Validators.joined(list), targetOptional);
            } catch (FieldPathSyntaxException e) {
                return null;
            }
        }

        /** The enum constant a choice key's value names, or null if unset or not one of them. */
        public <E extends Enum<E> & ConfigValue> E choice(String key, Class<E> type) {
            String s = string(key);
            return s == null ? null : Validators.find(type, s);
        }

        /** A boolean key's value, or {@code otherwise} if unset. */
        public boolean bool(String key, boolean otherwise) {
            Object v = parsed.get(key);
            return v instanceof Boolean ? (Boolean) v : otherwise;
        }
    }
}
