package io.cdckit.core.config;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathSyntaxException;
import io.cdckit.core.path.PathMapping;
import io.cdckit.core.template.Template;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed, validated configuration with typed getters for cdckit's key kinds. Building one runs
 * every validator of the {@link ConfigDef}, so a mistake fails here, at {@code configure()}.
 * Values of PASSWORD keys and keys marked sensitive never appear in its messages.
 */
public class TransformConfig extends AbstractConfig {

    private final ConfigDef definition;

    public TransformConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals, false);
        this.definition = definition;
        RuleRecommender.checkAll(definition, values());
    }

    /** The enum constant the key's value names (its text or an alias, any case), or null if unset. */
    public <E extends Enum<E> & ConfigValue> E getEnum(String key, Class<E> type) {
        String raw = getString(key);
        if (raw == null) {
            return null;
        }
        E e = Validators.find(type, raw);
        if (e == null) {
            throw invalid(key, "must be one of " + Validators.configValues(type));
        }
        return e;
    }

    /** The key's field path, or null if unset. */
    public FieldPath getFieldPath(String key) {
        String s = getString(key);
        return s == null || s.trim().isEmpty() ? null : Validators.parsePath(key, s);
    }

    /**
     * The key's list of field paths (empty if unset). The list is split where a comma is outside
     * backticks, so {@code `a,b`.c, d} is two paths.
     */
    public List<FieldPath> getFieldPaths(String key) {
        Object original = originals().get(key);
        String text = original instanceof String ? (String) original : Validators.joined(getList(key));
        try {
            return FieldPath.parseList(text);
        } catch (FieldPathSyntaxException e) {
            throw invalid(key, "is not a valid list of field paths: " + e.getMessage());
        }
    }

    /**
     * The key's list of {@code path:target} entries (empty if unset), split where a comma is outside
     * backticks (the key's validator has checked them).
     */
    public List<PathMapping> getPathMappings(String key) {
        Object original = originals().get(key);
        String text = original instanceof String ? (String) original : Validators.joined(getList(key));
        try {
            return PathMapping.parseList(text);
        } catch (FieldPathSyntaxException e) {
            throw invalid(key, "is not a valid list of path:target entries: " + e.getMessage());
        }
    }

    /** The key's list of paths with optional {@code :target}s ({@link ConfigKeys#pathsWithOptionalTarget}). */
    public List<PathMapping> getPathsWithOptionalTarget(String key) {
        Object original = originals().get(key);
        String text = original instanceof String ? (String) original : Validators.joined(getList(key));
        try {
            return PathMapping.parseList(text, true);
        } catch (FieldPathSyntaxException e) {
            throw invalid(key, "is not a valid list of paths: " + e.getMessage());
        }
    }

    /** The key's regular expression, compiled, or null if unset. */
    public Pattern getPattern(String key) {
        String s = getString(key);
        return s == null ? null : Pattern.compile(s);
    }

    /** The key's template, parsed (its placeholders were checked by the key's validator), or null if unset. */
    public Template getTemplate(String key) {
        String s = getString(key);
        return s == null ? null : Template.parse(s);
    }

    /** The standard {@value ConfigKeys#SCHEMA_CACHE_SIZE} (how many compiled plans a transform keeps). */
    public int schemaCacheSize() {
        return definition.configKeys().containsKey(ConfigKeys.SCHEMA_CACHE_SIZE)
                ? getInt(ConfigKeys.SCHEMA_CACHE_SIZE) : ConfigKeys.DEFAULT_SCHEMA_CACHE_SIZE;
    }

    /**
     * A ConfigException naming {@code key} and its value, for what only {@code configure()} can check
     * (a rule over several keys belongs in {@link ConfigKeys#rule}, so that validate shows it too).
     * The value of a PASSWORD or sensitive key is shown as {@value Validators#HIDDEN}.
     */
    public ConfigException invalid(String key, String expected) {
        Object value = Validators.isSecret(definition.configKeys().get(key)) ? Validators.HIDDEN : originals().get(key);
        return new ConfigException(key, value, expected);
    }

    /** Never lists values: some may be secrets. */
    @Override
    public String toString() {
        return "TransformConfig" + definition.names();
    }
}
