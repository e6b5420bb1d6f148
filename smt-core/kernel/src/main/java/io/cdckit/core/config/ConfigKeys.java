package io.cdckit.core.config;

import io.cdckit.core.template.Template;

import org.apache.kafka.common.config.ConfigDef;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small fluent way to declare a transform's {@link ConfigDef}: each key gets its type,
 * default, validator, recommender, importance and documentation in one readable statement,
 * and the documentation of enum keys lists the allowed values.
 *
 * <pre>{@code
 * static final ConfigDef CONFIG_DEF = ConfigKeys.define()
 *     .fieldPaths("fields", "Fields to mask.").required()
 *     .choice("mode", Mode.class, Mode.REDACT, "How to mask.")
 *     .password("hmac.key", "The HMAC key.")
 *     .bool("skip.missing", true, "Whether a field missing from a record is skipped.")
 *     .build();
 * }</pre>
 *
 * <p>A rule that involves other keys goes on the key it concerns with {@link #rule}, so that Connect's
 * validate endpoint shows it as {@code configure()} does.
 *
 * <p>Every definition gets the standard {@value #SCHEMA_CACHE_SIZE} key unless it declares its own.
 * PASSWORD keys, and keys followed by {@link #sensitive()}, never show their value in a message:
 * their validators are wrapped by {@link Validators#redacting}, and a PASSWORD key that is set must
 * not be empty.
 */
public final class ConfigKeys {

    /** The standard key: how many compiled plans (one per input schema) a transform keeps. */
    public static final String SCHEMA_CACHE_SIZE = "schema.cache.size";
    /** Its default. */
    public static final int DEFAULT_SCHEMA_CACHE_SIZE = 512;

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
        return list(name, "", doc);
    }

    /** A comma-separated list of strings with a default (its text, e.g. {@code "auto"}). */
    public ConfigKeys list(String name, String defaultValue, String doc) {
        return add(new Pending(name, ConfigDef.Type.LIST, defaultValue, doc));
    }

    /**
     * A secret: shown as [hidden] by Connect and in every cdckit message, resolvable through config
     * providers; unset by default, and never empty when set.
     */
    public ConfigKeys password(String name, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.PASSWORD, null, doc);
        p.validator = Validators.secret();
        return add(p);
    }

    /** A key whose value is one of an enum's constants (by their config text or an alias, any case). */
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

    /** A comma-separated list of field paths (commas inside backticks belong to names), empty by default. */
    public ConfigKeys fieldPaths(String name, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.LIST, "", doc);
        p.validator = Validators.fieldPathList(true);
        return add(p);
    }

    /**
     * A comma-separated list of {@code path:target} entries ({@link io.cdckit.core.path.PathMapping}:
     * a rename {@code a.b:c}, a cast {@code amount:float64}), empty by default; {@code target} checks
     * the text after each colon (null: anything non-empty), and {@code description} names an entry
     * ({@code "list of path:newName"}).
     */
    public ConfigKeys pathMappings(String name, String description, Function<String, String> target, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.LIST, "", doc);
        p.validator = Validators.pathMappingList(description, target == null ? t -> null : target);
        return add(p);
    }

    /**
     * A comma-separated list of entries that are a path with an optional {@code :target}
     * ({@code created_at,ts:epoch-ms}), empty by default; {@code target} checks the targets there
     * are (null: anything non-empty).
     */
    public ConfigKeys pathsWithOptionalTarget(String name, String description, Function<String, String> target,
                                              String doc) {
        Pending p = new Pending(name, ConfigDef.Type.LIST, "", doc);
        p.validator = Validators.pathMappingList(description, target == null ? t -> null : target, true);
        return add(p);
    }

    /** A regular expression. */
    public ConfigKeys regex(String name, String defaultValue, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.STRING, defaultValue, doc);
        p.validator = Validators.regex();
        return add(p);
    }

    /**
     * A template in the kernel's syntax ({@link Template}) whose placeholders must pass
     * {@code known}, described to users as {@code description}.
     */
    public ConfigKeys template(String name, String defaultValue, String description,
                               Predicate<Template.Placeholder> known, String doc) {
        Pending p = new Pending(name, ConfigDef.Type.STRING, defaultValue, doc);
        p.validator = Validators.template(description, known);
        return add(p);
    }

    /** Declares keys through {@code declaration}, e.g. {@code .with(EnvelopeMode::declare)}. */
    public ConfigKeys with(Consumer<ConfigKeys> declaration) {
        declaration.accept(this);
        return this;
    }

    /** Makes the last key required: no default, and (for strings, lists and secrets) not empty. */
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

    /**
     * Marks the last key sensitive: its value (a URL with credentials, a header value) is never
     * shown in a message, as for a PASSWORD key.
     */
    public ConfigKeys sensitive() {
        current("sensitive()").sensitive = true;
        return this;
    }

    /** Adds a validator to the last key, run after its own. */
    public ConfigKeys validator(ConfigDef.Validator validator) {
        Pending p = current("validator()");
        p.validator = p.validator == null ? validator : Validators.allOf(p.validator, validator);
        return this;
    }

    /**
     * Adds a rule to the last key that needs other keys' values ({@link ConfigRule}): checked at
     * {@code configure()} and shown on this key by Connect's validate endpoint, with one message.
     */
    public ConfigKeys rule(ConfigRule rule) {
        current("rule()").rules.add(rule);
        return this;
    }

    /** Whether a key of a definition built here carries {@link #rule}s (for tests that must cover them). */
    public static boolean hasRules(ConfigDef.ConfigKey key) {
        return key.recommender instanceof RuleRecommender;
    }

    public ConfigKeys importance(ConfigDef.Importance importance) {
        current("importance()").importance = importance;
        return this;
    }

    public ConfigKeys recommender(ConfigDef.Recommender recommender) {
        current("recommender()").recommender = recommender;
        return this;
    }

    /** The finished definition, with the standard keys it did not declare itself. */
    public ConfigDef build() {
        flush();
        if (!def.names().contains(SCHEMA_CACHE_SIZE)) {
            integer(SCHEMA_CACHE_SIZE, DEFAULT_SCHEMA_CACHE_SIZE, 1, 1_000_000,
                    "How many compiled plans the transform keeps, one per input schema (each table, each "
                    + "version of its schema); when full, the least used is dropped and compiled again if it comes back.")
                    .importance(ConfigDef.Importance.LOW);
            flush();
        }
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
        boolean secret = p.type == ConfigDef.Type.PASSWORD || p.sensitive;
        ConfigDef.Validator validator = secret ? Validators.redacting(p.validator) : p.validator;
        ConfigDef.Recommender recommender = p.recommender;
        for (ConfigRule rule : p.rules) {
            recommender = RuleRecommender.adding(recommender, rule, secret);
        }
        def.define(p.name, p.type, p.defaultValue, validator, p.importance, p.doc,
                null, -1, ConfigDef.Width.NONE, p.name, recommender);
    }

    private static final class Pending {
        final String name;
        final ConfigDef.Type type;
        Object defaultValue;
        final String doc;
        ConfigDef.Validator validator;
        ConfigDef.Recommender recommender;
        ConfigDef.Importance importance = ConfigDef.Importance.MEDIUM;
        boolean sensitive;
        final List<ConfigRule> rules = new ArrayList<>();

        Pending(String name, ConfigDef.Type type, Object defaultValue, String doc) {
            this.name = name;
            this.type = type;
            this.defaultValue = defaultValue;
            this.doc = doc;
        }
    }
}
