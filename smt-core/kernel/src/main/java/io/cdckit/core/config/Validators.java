package io.cdckit.core.config;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validators for cdckit configuration keys. Each one runs both in {@code configure()} and in
 * Connect's {@code PUT /connector-plugins/{class}/config/validate}, and its message names the key,
 * the value and what is expected. Values a user typed are configuration, not record data, so they
 * may appear in messages.
 */
public final class Validators {

    private Validators() {
    }

    /** One of {@code allowed}, compared case-insensitively; null passes (use a default or a required key). */
    public static ConfigDef.Validator oneOf(List<String> allowed) {
        List<String> values = List.copyOf(allowed);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                String s = value.toString().trim();
                for (String a : values) {
                    if (a.equalsIgnoreCase(s)) {
                        return;
                    }
                }
                throw new ConfigException(name, value, "must be one of " + values);
            }

            @Override
            public String toString() {
                return "one of " + values;
            }
        };
    }

    /** One of the constants of a {@link ConfigValue} enum, by their config text. */
    public static <E extends Enum<E> & ConfigValue> ConfigDef.Validator oneOf(Class<E> type) {
        return oneOf(configValues(type));
    }

    /** The config texts of an enum's constants, in declaration order. */
    public static <E extends Enum<E> & ConfigValue> List<String> configValues(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(e.configValue());
        }
        return Collections.unmodifiableList(out);
    }

    /** A string that is not blank; null passes (for optional keys). */
    public static ConfigDef.Validator nonBlank() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && value.toString().trim().isEmpty()) {
                    throw new ConfigException(name, value, "must not be empty");
                }
            }

            @Override
            public String toString() {
                return "non-empty string";
            }
        };
    }

    /** A list with at least one non-blank entry, and no blank entry. */
    public static ConfigDef.Validator nonEmptyList() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                List<?> list = asList(name, value);
                if (list.isEmpty()) {
                    throw new ConfigException(name, value, "must list at least one entry");
                }
                checkNoBlank(name, value, list);
            }

            @Override
            public String toString() {
                return "non-empty list";
            }
        };
    }

    /** A Java regular expression that compiles; null passes. */
    public static ConfigDef.Validator regex() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                try {
                    Pattern.compile(value.toString());
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, value, "is not a valid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
            }

            @Override
            public String toString() {
                return "Java regular expression";
            }
        };
    }

    /** A single cdckit field path ({@code after.customer.email}, {@code items[*].sku}, {@code *.email}); null passes. */
    public static ConfigDef.Validator fieldPath() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    parsePath(name, value.toString());
                }
            }

            @Override
            public String toString() {
                return "field path, e.g. after.customer.email, items[*].sku, *.email";
            }
        };
    }

    /** A comma-separated list of field paths; {@code allowEmpty} says whether an empty list is fine. */
    public static ConfigDef.Validator fieldPathList(boolean allowEmpty) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                List<?> list = asList(name, value);
                if (list.isEmpty() && !allowEmpty) {
                    throw new ConfigException(name, value, "must list at least one field path");
                }
                checkNoBlank(name, value, list);
                for (Object o : list) {
                    parsePath(name, o.toString());
                }
            }

            @Override
            public String toString() {
                return (allowEmpty ? "" : "non-empty ") + "list of field paths";
            }
        };
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

    /** Parses a field path, turning a syntax error into a ConfigException naming the key. */
    public static FieldPath parsePath(String key, String text) {
        try {
            return FieldPath.parse(text.trim());
        } catch (FieldPathSyntaxException e) {
            throw new ConfigException(key, text, "is not a valid field path: " + e.getMessage());
        }
    }

    private static List<?> asList(String name, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List) {
            return (List<?>) value;
        }
        if (value instanceof String) {
            String s = ((String) value).trim();
            if (s.isEmpty()) {
                return List.of();
            }
            return Arrays.asList(s.split("\\s*,\\s*", -1));
        }
        throw new ConfigException(name, value, "must be a list");
    }

    private static void checkNoBlank(String name, Object value, List<?> list) {
        for (Object o : list) {
            if (o == null || o.toString().trim().isEmpty()) {
                throw new ConfigException(name, value, "must not contain an empty entry");
            }
        }
    }
}
