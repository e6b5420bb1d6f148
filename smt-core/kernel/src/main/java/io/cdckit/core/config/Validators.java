package io.cdckit.core.config;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathSyntaxException;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.template.Template;
import io.cdckit.core.template.TemplateSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validators for cdckit configuration keys. Each one runs both in {@code configure()} and in
 * Connect's {@code PUT /connector-plugins/{class}/config/validate}, and its message names the key,
 * the value and what is expected. Values a user typed are configuration, not record data, so they
 * may appear in messages, except those of PASSWORD keys and keys marked sensitive: their
 * validators are wrapped by {@link #redacting} (see {@link ConfigKeys#sensitive()}).
 *
 * <p>Null passes every validator here (a key without a value is the default's or
 * {@link ConfigKeys#required()}'s business).
 */
public final class Validators {

    /** What a PASSWORD or sensitive key's value is shown as in messages. */
    public static final String HIDDEN = "[hidden]";

    private Validators() {
    }

    /**
     * A validator from a description of what is valid and a test: a value that fails the test gets
     * {@code "must be <description>"}. The description is also what Connect shows as the valid
     * values.
     */
    public static ConfigDef.Validator of(String description, Predicate<Object> valid) {
        return explained(description, v -> valid.test(v) ? null : "must be " + description);
    }

    /**
     * A validator whose {@code problem} function returns null for a valid value, else what is wrong
     * with it (e.g. {@code "is not a valid regular expression: ..."}).
     */
    public static ConfigDef.Validator explained(String description, Function<Object, String> problem) {
        return new Described(description, problem);
    }

    private static final class Described implements ConfigDef.Validator {
        private final String description;
        private final Function<Object, String> problem;

        Described(String description, Function<Object, String> problem) {
            this.description = description;
            this.problem = problem;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            // a PASSWORD key's rule sees the secret itself; its message is redacted (see redacting)
            String p = problem.apply(value instanceof Password ? ((Password) value).value() : value);
            if (p != null) {
                throw new ConfigException(name, value, p);
            }
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** One of {@code allowed}, compared case-insensitively. */
    public static ConfigDef.Validator oneOf(List<String> allowed) {
        List<String> values = List.copyOf(allowed);
        return explained("one of " + values, v -> {
            String s = v.toString().trim();
            for (String a : values) {
                if (a.equalsIgnoreCase(s)) {
                    return null;
                }
            }
            return "must be one of " + values;
        });
    }

    /** One of the constants of a {@link ConfigValue} enum, by their text or an alias. */
    public static <E extends Enum<E> & ConfigValue> ConfigDef.Validator oneOf(Class<E> type) {
        List<String> values = configValues(type);
        return explained("one of " + values,
                v -> find(type, v.toString()) != null ? null : "must be one of " + values);
    }

    /** The constant of {@code type} that {@code text} names (text or alias, any case), or null. */
    static <E extends Enum<E> & ConfigValue> E find(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.matches(text)) {
                return e;
            }
        }
        return null;
    }

    /** The config texts of an enum's constants, in declaration order. */
    public static <E extends Enum<E> & ConfigValue> List<String> configValues(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(e.configValue());
        }
        return Collections.unmodifiableList(out);
    }

    /** A string that is not blank. */
    public static ConfigDef.Validator nonBlank() {
        return of("a non-empty string", v -> !v.toString().trim().isEmpty());
    }

    /** A time zone as {@code java.time.ZoneId} reads it: {@code UTC}, {@code Europe/Berlin}, {@code +02:00}. */
    public static ConfigDef.Validator timeZone() {
        return explained("a time zone (UTC, Europe/Berlin, +02:00)", v -> {
            if (!(v instanceof String) || ((String) v).isBlank()) {
                return "must be a time zone such as UTC, Europe/Berlin or +02:00";
            }
            try {
                ZoneId.of(((String) v).trim());
                return null;
            } catch (DateTimeException e) {
                return "is not a time zone java.time knows (such as UTC, Europe/Berlin or +02:00)";
            }
        });
    }

    /** A list with at least one entry, and no blank entry. */
    public static ConfigDef.Validator nonEmptyList() {
        return explained("non-empty list", v -> {
            List<?> list = asList(v);
            if (list == null) {
                return "must be a list";
            }
            return list.isEmpty() ? "must list at least one entry" : blankEntry(list);
        });
    }

    /** A secret (PASSWORD) that, when given, is not empty: an empty secret is always a mistake. */
    public static ConfigDef.Validator secret() {
        return of("a non-empty secret", v -> !v.toString().trim().isEmpty());
    }

    /**
     * A secret holding a key as hex digits, of a byte length {@code lengthOk} accepts ({@code bytes}
     * says which, for the message, e.g. {@code "16, 24 or 32"}); the message never shows the value.
     */
    public static ConfigDef.Validator hexSecret(String bytes, java.util.function.IntPredicate lengthOk) {
        return explained("a key of " + bytes + " bytes as hex digits", v -> {
            String text = (v instanceof Password p ? p.value() : String.valueOf(v)).trim(); // empty: 0 bytes
            if (text.length() % 2 != 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return "must be hex digits (two per byte)";
            }
            return lengthOk.test(text.length() / 2) ? null
                    : "must be a key of " + bytes + " bytes (it has " + text.length() / 2 + ")";
        });
    }

    /** A Java regular expression that compiles. */
    public static ConfigDef.Validator regex() {
        return explained("Java regular expression", v -> {
            try {
                Pattern.compile(v.toString());
                return null;
            } catch (PatternSyntaxException e) {
                return "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex();
            }
        });
    }

    /** A single cdckit field path ({@code after.customer.email}, {@code items[*].sku}, {@code *.email}). */
    public static ConfigDef.Validator fieldPath() {
        return explained("field path, e.g. after.customer.email, items[*].sku, *.email", v -> {
            try {
                FieldPath.parse(v.toString().trim());
                return null;
            } catch (FieldPathSyntaxException e) {
                return "is not a valid field path: " + e.getMessage();
            }
        });
    }

    /**
     * A comma-separated list of field paths; {@code allowEmpty} says whether an empty list is fine.
     * Commas inside backticks belong to the name ({@code `a,b`.c} is one path).
     */
    public static ConfigDef.Validator fieldPathList(boolean allowEmpty) {
        return explained((allowEmpty ? "" : "non-empty ") + "list of field paths", v -> {
            List<?> list = asList(v);
            if (list == null) {
                return "must be a list of field paths";
            }
            try {
                List<FieldPath> paths = FieldPath.parseList(joined(list));
                return paths.isEmpty() && !allowEmpty ? "must list at least one field path" : null;
            } catch (FieldPathSyntaxException e) {
                return e.reason().startsWith("empty entry") ? "must not contain an empty entry"
                        : "is not a valid field path: " + e.getMessage();
            }
        });
    }

    /**
     * A list of {@code path:target} entries ({@link PathMapping}); {@code target} checks the text
     * after the colon and returns what is wrong with it, or null. {@code description} says what an
     * entry is, e.g. {@code "list of path:newName"}.
     */
    public static ConfigDef.Validator pathMappingList(String description, Function<String, String> target) {
        return pathMappingList(description, target, false);
    }

    /**
     * As {@link #pathMappingList(String, Function)}; with {@code targetOptional}, an entry may be a
     * path alone, and {@code target} checks only the targets there are.
     */
    public static ConfigDef.Validator pathMappingList(String description, Function<String, String> target,
                                                      boolean targetOptional) {
        return explained(description, v -> {
            List<?> list = asList(v);
            if (list == null) {
                return "must be a " + description;
            }
            List<PathMapping> entries;
            try {
                entries = PathMapping.parseList(joined(list), targetOptional);
            } catch (FieldPathSyntaxException e) {
                return e.reason().startsWith("empty entry") ? "must not contain an empty entry"
                        : "entry '" + e.text() + "' is not " + description.replaceFirst("^list of ", "") + ": "
                        + e.reason() + " (at position " + e.position() + ")";
            }
            for (PathMapping m : entries) {
                String problem = m.hasTarget() ? target.apply(m.target()) : null;
                if (problem != null) {
                    return "entry '" + m.entry() + "': " + problem;
                }
            }
            return null;
        });
    }

    /**
     * A template of the kernel's syntax ({@code ${topic}-${source.table}}) whose placeholders all
     * pass {@code known}; {@code description} says which are, e.g. {@code "${topic}, ${op}, ${source.<field>}"}.
     */
    public static ConfigDef.Validator template(String description, Predicate<Template.Placeholder> known) {
        return explained("template with " + description, v -> {
            try {
                for (Template.Placeholder p : Template.parse(v.toString()).placeholders()) {
                    if (!known.test(p)) {
                        return "names the unknown placeholder ${" + p.name() + "}; known: " + description;
                    }
                }
                return null;
            } catch (TemplateSyntaxException e) {
                return "is not a valid template: " + e.getMessage();
            }
        });
    }

    /** All of the given validators, in order. */
    public static ConfigDef.Validator allOf(ConfigDef.Validator... validators) {
        List<ConfigDef.Validator> all = Arrays.asList(validators.clone());
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                for (ConfigDef.Validator v : all) {
                    v.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                StringBuilder b = new StringBuilder();
                for (ConfigDef.Validator v : all) {
                    if (b.length() > 0) {
                        b.append(", ");
                    }
                    b.append(v);
                }
                return b.toString();
            }
        };
    }

    /**
     * Wraps a validator so that its messages never show the value: the validator of a PASSWORD or
     * sensitive key. Any message it gives is rebuilt with {@value #HIDDEN} in place of the value.
     * {@link TransformConfig#invalid} recognises keys whose validator is one of these.
     */
    public static ConfigDef.Validator redacting(ConfigDef.Validator validator) {
        return validator instanceof Redacting ? validator : new Redacting(validator);
    }

    /** Whether {@code key}'s values are hidden in messages: a PASSWORD key or one marked sensitive. */
    public static boolean isSecret(ConfigDef.ConfigKey key) {
        return key != null && (key.type == ConfigDef.Type.PASSWORD || key.validator instanceof Redacting);
    }

    private static final class Redacting implements ConfigDef.Validator {
        private final ConfigDef.Validator inner;

        Redacting(ConfigDef.Validator inner) {
            this.inner = inner;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (inner == null) {
                return;
            }
            try {
                inner.ensureValid(name, value);
            } catch (ConfigException e) {
                throw new ConfigException(name, HIDDEN, redact(e.getMessage(), name, value));
            }
        }

        /**
         * The part of a ConfigException message after "Invalid value X for configuration K: ",
         * value-free. The value goes first (it may itself contain ": "), then the prefix.
         */
        private static String redact(String message, String name, Object value) {
            String m = message == null ? "is not valid" : message;
            String raw = value instanceof Password ? ((Password) value).value() : value == null ? null : value.toString();
            if (raw != null && !raw.isEmpty()) {
                m = m.replace(raw, HIDDEN);
            }
            String prefix = "Invalid value " + HIDDEN + " for configuration " + name + ": ";
            return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        }

        @Override
        public String toString() {
            return inner == null ? "" : inner.toString();
        }
    }

    /** Parses a field path, turning a syntax error into a ConfigException naming the key. */
    public static FieldPath parsePath(String key, String text) {
        try {
            return FieldPath.parse(text.trim());
        } catch (FieldPathSyntaxException e) {
            throw new ConfigException(key, text, "is not a valid field path: " + e.getMessage());
        }
    }

    /** A LIST value or a string; null if it is neither. */
    private static List<?> asList(Object value) {
        if (value instanceof List) {
            return (List<?>) value;
        }
        if (value instanceof String) {
            String s = ((String) value).trim();
            return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s*,\\s*", -1));
        }
        return null;
    }

    /**
     * A parsed LIST value joined back into its text, so that paths can be split where a comma is not
     * inside backticks (Kafka's LIST parsing splits at every comma).
     */
    public static String joined(List<?> list) {
        StringBuilder b = new StringBuilder();
        for (Object o : list) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(o);
        }
        return b.toString();
    }

    private static String blankEntry(List<?> list) {
        for (Object o : list) {
            if (o == null || o.toString().trim().isEmpty()) {
                return "must not contain an empty entry";
            }
        }
        return null;
    }
}
