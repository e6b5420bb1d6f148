package io.cdckit.core.config;

import org.apache.kafka.common.config.ConfigDef;

import java.util.List;

/**
 * A small fluent way to declare a transform's {@link ConfigDef}: each key gets its type,
 * default, validator, recommender, importance and documentation in one readable statement,
 * and the documentation of enum keys lists the allowed values.
 *
 * <pre>{@code
 * static final ConfigDef CONFIG_DEF = ConfigKeys.define()
 *     .fieldPaths("fields", "Fields to mask.").required()
 *     .choice("mode", Mode.class, Mode.REDACT, "How to mask.")
 *     .bool("skip.missing", true, "Whether a field missing from a record is skipped.")
 *     .build();
 * }</pre>
 */
public final class ConfigKeys {

    private final ConfigDef def = new ConfigDef();
    private Pending pending;

    private ConfigKeys() {
    }

    public static ConfigKeys define() {
        return new ConfigKeys();
    }

    /** A string key; {@code defaultValue} null makes it optional with no value. */
    public ConfigKeys string(String name, String defaultValue, String doc) {
        return add(new Pending(name, ConfigDef.Type.STRING, defaultValue, doc));
    }

    public ConfigKeys bool(String name, boolean defaultValue, String doc) {
        return add(new Pending(name, ConfigDef.Type.BOOLEAN, defaultValue, doc));
    }

    /** A boolean key with no default: unset means "not configured" (for legacy or override keys). */
    public ConfigKeys optionalBool(String name, String doc) {
        return add(new Pending(name, ConfigDef.Type.BOOLEAN, null, doc));
    }

    public ConfigKeys integer(String name, int defaultValue, int min, int max, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.INT, defaultValue, doc);
        p.validator = ConfigDef.Range.between(min, max);
        return add(p);
    }

    public ConfigKeys longValue(String name, long defaultValue, long min, long max, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.LONG, defaultValue, doc);
        p.validator = ConfigDef.Range.between(min, max);
        return add(p);
    }

    /** A comma-separated list of strings, empty by default. */
    public ConfigKeys list(String name, String doc) {
        return add(new Pending(name, ConfigDef.Type.LIST, "", doc));
    }

    /** A sensitive value: shown as [hidden] by Connect, resolvable through config providers. */
    public ConfigKeys password(String name, String doc) {
        return add(new Pending(name, ConfigDef.Type.PASSWORD, null, doc));
    }

    /** A key whose value is one of an enum's constants (by their config text, case-insensitive). */
    public <E extends Enum<E> & ConfigValue> ConfigKeys choice(String name, Class<E> type, E defaultValue, String doc) {
        List<String> values = Validators.configValues(type);
        Pending p = new Pending(name, ConfigDef.Type.STRING,
                defaultValue == null ? null : defaultValue.configValue(),
                doc + " One of: " + String.join(", ", values) + ".");
        p.validator = Validators.oneOf(type);
        p.recommender = Recommenders.of(type);
        return add(p);
    }

    /** A single field path. */
    public ConfigKeys fieldPath(String name, String defaultValue, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.STRING, defaultValue, doc);
        p.validator = Validators.fieldPath();
        return add(p);
    }

    /** A comma-separated list of field paths, empty by default. */
    public ConfigKeys fieldPaths(String name, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.LIST, "", doc);
        p.validator = Validators.fieldPathList(true);
        return add(p);
    }

    /** A regular expression. */
    public ConfigKeys regex(String name, String defaultValue, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.STRING, defaultValue, doc);
        p.validator = Validators.regex();
        return add(p);
    }

    /** Makes the last key required: no default, and (for strings and lists) not empty. */
    public ConfigKeys required() {
        Pending p = current("required()");
        p.defaultValue = ConfigDef.NO_DEFAULT_VALUE;
        ConfigDef.Validator notEmpty = p.type == ConfigDef.Type.LIST ? Validators.nonEmptyList()
                : p.type == ConfigDef.Type.STRING ? Validators.nonBlank() : null;
        if (notEmpty != null) {
            p.validator = p.validator == null ? notEmpty : Validators.allOf(notEmpty, p.validator);
        }
        return this;
    }

    /** Replaces or adds the validator of the last key. */
    public ConfigKeys validator(ConfigDef.Validator validator) {
        Pending p = current("validator()");
        p.validator = p.validator == null ? validator : Validators.allOf(p.validator, validator);
        return this;
    }

    public ConfigKeys importance(ConfigDef.Importance importance) {
        current("importance()").importance = importance;
        return this;
    }

    public ConfigKeys recommender(ConfigDef.Recommender recommender) {
        current("recommender()").recommender = recommender;
        return this;
    }

    /** The finished definition. */
    public ConfigDef build() {
        flush();
        return def;
    }

    private ConfigKeys add(Pending p) {
        flush();
        pending = p;
        return this;
    }

    private Pending current(String what) {
        if (pending == null) {
            throw new IllegalStateException(what + " must follow a key declaration");
        }
        return pending;
    }

    private void flush() {
        if (pending == null) {
            return;
        }
        Pending p = pending;
        pending = null;
        def.define(p.name, p.type, p.defaultValue, p.validator, p.importance, p.doc,
                null, -1, ConfigDef.Width.NONE, p.name, p.recommender);
    }

    private static final class Pending {
        final String name;
        final ConfigDef.Type type;
        Object defaultValue;
        final String doc;
        ConfigDef.Validator validator;
        ConfigDef.Recommender recommender;
        ConfigDef.Importance importance = ConfigDef.Importance.MEDIUM;

        Pending(String name, ConfigDef.Type type, Object defaultValue, String doc) {
            this.name = name;
            this.type = type;
            this.defaultValue = defaultValue;
            this.doc = doc;
        }
    }
}
