package io.cdckit.examples.jsonl;

import io.cdckit.smt.masking.Mask;
import io.cdckit.smt.unwrap.Unwrap;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink's configuration: its own {@code directory}, and the keys of the two cdckit transforms its
 * task runs, under {@code unwrap.} ({@link Unwrap}'s keys) and {@code mask.} ({@link Mask.Value}'s
 * keys). Their definitions are embedded as they are, so Connect's validate endpoint shows every key,
 * and {@link #parse} reports any mistake as a {@link ConfigException} that names the sink's own key
 * ({@code mask.hmac.key}, not {@code hmac.key}). Secrets stay PASSWORD keys: never in a message.
 */
public final class JsonLinesSinkConfig extends AbstractConfig {

    public static final String DIRECTORY = "directory";
    public static final String UNWRAP_PREFIX = "unwrap.";
    public static final String MASK_PREFIX = "mask.";

    /** The Mask keys that make masking happen; without any of them the task does not mask. */
    private static final List<String> MASK_TRIGGERS = List.of("fields", "field.modes", "headers", "detect");

    /** Where Kafka's ConfigException names its key: "... for configuration <key>". */
    private static final Pattern KEY_IN_MESSAGE = Pattern.compile("for configuration (\\S+?)(:|$)");

    public static final ConfigDef CONFIG_DEF = definition();

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef()
                .define(DIRECTORY, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.HIGH, "The folder the files are written into, one per topic partition: "
                        + "<topic>-<partition>.jsonl. Created if missing; must be writable by the worker.");
        def.embed(UNWRAP_PREFIX, "unwrap", 1, new Unwrap<SinkRecord>().config());
        def.embed(MASK_PREFIX, "mask", 1, new Mask.Value<SinkRecord>().config());
        return def;
    }

    private final Path directory;
    private final Map<String, Object> unwrapProps;
    private final Map<String, Object> maskProps;
    private final boolean masking;

    private JsonLinesSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
        directory = directory(getString(DIRECTORY), true);
        unwrapProps = originalsWithPrefix(UNWRAP_PREFIX);
        maskProps = originalsWithPrefix(MASK_PREFIX);
        masking = MASK_TRIGGERS.stream().anyMatch(k -> {
            Object v = maskProps.get(k);
            return v != null && !String.valueOf(v).isBlank();
        });
    }

    /**
     * Parses and checks {@code props} as the connector's {@code start} and the task's {@code start}
     * do: every key's validator and rule ({@link #validate}), the directory, and what Unwrap's and
     * Mask's {@code configure} check on top.
     *
     * @throws ConfigException naming the sink's key, never a secret's value
     */
    public static JsonLinesSinkConfig parse(Map<String, String> props) {
        for (ConfigValue v : validate(props)) {
            if (!v.errorMessages().isEmpty()) {
                throw new ConfigException(v.name() + ": " + String.join("; ", v.errorMessages()));
            }
        }
        JsonLinesSinkConfig config = new JsonLinesSinkConfig(props);
        config.newUnwrap().close();
        if (config.masking) {
            config.newMask().close();
        }
        return config;
    }

    /**
     * Connect's validate: the definition's own checks, with the errors of embedded keys naming the
     * sink's key, and the directory's.
     */
    public static List<ConfigValue> validate(Map<String, String> props) {
        List<ConfigValue> out = new ArrayList<>();
        for (ConfigValue v : CONFIG_DEF.validate(props)) {
            ConfigValue named = new ConfigValue(v.name(), v.value(), v.recommendedValues(), new ArrayList<>());
            named.visible(v.visible());
            v.errorMessages().forEach(m -> named.addErrorMessage(renamed(m, v.name())));
            if (v.name().equals(DIRECTORY) && v.errorMessages().isEmpty()) {
                try {
                    directory(props.get(DIRECTORY), false);
                } catch (ConfigException e) {
                    named.addErrorMessage(e.getMessage());
                }
            }
            out.add(named);
        }
        return out;
    }

    /** {@code message} of an embedded key, with its short name replaced by {@code key}. */
    private static String renamed(String message, String key) {
        String prefix = key.startsWith(UNWRAP_PREFIX) ? UNWRAP_PREFIX : key.startsWith(MASK_PREFIX) ? MASK_PREFIX : null;
        if (prefix == null) {
            return message;
        }
        Matcher m = KEY_IN_MESSAGE.matcher(message);
        if (m.find() && key.equals(prefix + m.group(1))) {
            return message.substring(0, m.start(1)) + key + message.substring(m.end(1));
        }
        return message;
    }

    /** The folder; {@code create}: made if missing (at start; validate only looks). */
    private static Path directory(String text, boolean create) {
        Path dir;
        try {
            dir = Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new ConfigException(DIRECTORY, text, "is not a valid path");
        }
        if (!create && !Files.exists(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(DIRECTORY, text, "cannot be created: " + e.getClass().getSimpleName());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new ConfigException(DIRECTORY, text, "must be a writable folder");
        }
        return dir;
    }

    /** The folder the files go into. */
    public Path directory() {
        return directory;
    }

    /** Whether any of Mask's field, header or detect keys is set: otherwise the task does not mask. */
    public boolean masking() {
        return masking;
    }

    /** A new {@link Unwrap} configured from the {@code unwrap.} keys. */
    public Unwrap<SinkRecord> newUnwrap() {
        Unwrap<SinkRecord> unwrap = new Unwrap<>();
        configure(() -> unwrap.configure(unwrapProps), UNWRAP_PREFIX);
        return unwrap;
    }

    /** A new {@link Mask.Value} configured from the {@code mask.} keys. */
    public Mask.Value<SinkRecord> newMask() {
        Mask.Value<SinkRecord> mask = new Mask.Value<>();
        configure(() -> mask.configure(maskProps), MASK_PREFIX);
        return mask;
    }

    /** Runs a transform's configure; its ConfigException comes back naming the sink's key. */
    private static void configure(Runnable configure, String prefix) {
        try {
            configure.run();
        } catch (ConfigException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = KEY_IN_MESSAGE.matcher(message);
            String named = m.find() ? message.substring(0, m.start(1)) + prefix + m.group(1) + message.substring(m.end(1))
                    : prefix + "*: " + message;
            throw new ConfigException(named);
        }
    }

    @Override
    public String toString() {
        return "JsonLinesSinkConfig{directory=" + directory + ", masking=" + masking + "}";
    }
}
