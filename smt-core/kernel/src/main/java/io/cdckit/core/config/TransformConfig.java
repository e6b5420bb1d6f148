package io.cdckit.core.config;

import io.cdckit.core.path.FieldPath;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed, validated configuration with typed getters for cdckit's key kinds. Building one runs
 * every validator of the {@link ConfigDef}, so a mistake fails here, at {@code configure()}.
 */
public class TransformConfig extends AbstractConfig {

    public TransformConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals, false);
    }

    /** The enum constant whose config text matches the key's value (case-insensitive), or null if unset. */
    public <E extends Enum<E> & ConfigValue> E getEnum(String key, Class<E> type) {
        String raw = getString(key);
        if (raw == null) {
            return null;
        }
        String s = raw.trim();
        for (E e : type.getEnumConstants()) {
            if (e.configValue().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw new ConfigException(key, raw, "must be one of " + Validators.configValues(type));
    }

    /** The key's field path, or null if unset. */
    public FieldPath getFieldPath(String key) {
        String s = getString(key);
        return s == null || s.trim().isEmpty() ? null : Validators.parsePath(key, s);
    }

    /** The key's list of field paths (empty if unset). */
    public List<FieldPath> getFieldPaths(String key) {
        List<String> raw = getList(key);
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        List<FieldPath> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            out.add(Validators.parsePath(key, s));
        }
        return Collections.unmodifiableList(out);
    }

    /** The key's regular expression, compiled, or null if unset. */
    public Pattern getPattern(String key) {
        String s = getString(key);
        return s == null ? null : Pattern.compile(s);
    }

    /** A ConfigException naming {@code key} and its value, for cross-key checks in {@code configure()}. */
    public ConfigException invalid(String key, String expected) {
        return new ConfigException(key, originals().get(key), expected);
    }
}
