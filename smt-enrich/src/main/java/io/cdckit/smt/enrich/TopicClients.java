package io.cdckit.smt.enrich;

import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.storage.Converter;

import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients of the {@code topic} source, made from its configuration: the key and value
 * converters ({@code topic.key.converter}, {@code topic.value.converter} and their prefixed
 * settings, loaded by the plugin's class loader) and the consumer ({@code topic.bootstrap.servers}
 * and {@code topic.consumer.*}, with the settings that keep it group-less, commit-free and reading
 * from the beginning forced). A mistake is a {@code ConfigException} naming the key; the values of
 * secret settings (PASSWORD keys of the consumer or the converter, and names such as
 * {@code sasl.jaas.config} or {@code basic.auth.user.info}) never appear in one.
 */
final class TopicClients {

    /** Consumer settings the source sets itself: a user's value would break the table. */
    private static final Set<String> FORCED = Set.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG);
    /** Parts of setting names that hold secrets, besides the PASSWORD keys of the consumer and converters. */
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "jaas", "credential", "token",
            "user.info", "apikey", "api.key", "private");
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private TopicClients() {
    }

    /** What is wrong with a converter class name, or null. */
    static String converterProblem(String className) {
        if (className == null) {
            return "must name a converter class";
        }
        try {
            Class<?> c = Class.forName(className, false, TopicClients.class.getClassLoader());
            if (!Converter.class.isAssignableFrom(c)) {
                return "must name a class that implements " + Converter.class.getName();
            }
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                return "must name a concrete class";
            }
            c.getConstructor();
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "must name a converter class on the worker's or the plugin's class path (not found)";
        } catch (NoSuchMethodException e) {
            return "must name a class with a public no-argument constructor";
        }
    }

    /**
     * The converter {@code key} names, configured with the {@code key.*} settings over
     * {@code schemas.enable=false}.
     */
    static Converter converter(TransformConfig config, String key, boolean isKey) {
        String className = config.getString(key).trim();
        Map<String, Object> settings = new HashMap<>();
        settings.put("schemas.enable", "false");
        settings.putAll(config.originalsWithPrefix(key + "."));
        Converter c;
        try {
            c = (Converter) Class.forName(className, true, TopicClients.class.getClassLoader())
                    .getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            String problem = converterProblem(className);
            throw new ConfigException(key, className, problem != null ? problem
                    : "cannot be made (" + e.getClass().getSimpleName() + ")");
        }
        try {
            c.configure(settings, isKey);
        } catch (RuntimeException e) {
            closeQuietly(c, key);
            throw new ConfigException(key, className, "does not take the " + key + ".* settings ("
                    + withheld(e, secrets(settings, definition(c))) + ")");
        }
        return c;
    }

    /** A converter's own definition, which tells its PASSWORD keys; null if it cannot give one. */
    private static ConfigDef definition(Converter c) {
        try {
            return c.config();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The {@code topic.consumer.*} settings, as the user wrote them. */
    static Map<String, Object> consumerSettings(TransformConfig config) {
        return new HashMap<>(config.originalsWithPrefix(TopicSource.CONSUMER_PREFIX));
    }

    /** The values of the consumer settings' secrets, for {@link #redact}. */
    static Set<String> consumerSecrets(Map<String, Object> settings) {
        return secrets(settings, ConsumerConfig.configDef());
    }

    /** The consumer of {@code topic} from the user's {@code settings} (changed here) and the forced ones. */
    static KafkaConsumer<byte[], byte[]> consumer(TransformConfig config, Map<String, Object> settings, String topic) {
        for (String forced : FORCED) {
            if (settings.containsKey(forced)) {
                String shown = forced.equals(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        ? "is taken from " + TopicSource.BOOTSTRAP_SERVERS : "is set by the topic source itself";
                throw new ConfigException(TopicSource.CONSUMER_PREFIX + forced, settings.get(forced), shown
                        + " (no group, no commits, every partition from the beginning)");
            }
        }
        Set<String> secrets = consumerSecrets(settings);
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(TopicSource.BOOTSTRAP_SERVERS).trim());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cdckit-lookup-" + topic + "-"
                + CLIENTS.incrementAndGet());
        try {
            return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(TopicSource.BOOTSTRAP_SERVERS + " and " + TopicSource.CONSUMER_PREFIX
                    + "* do not make a consumer (" + withheld(cause, secrets) + ")");
        }
    }

    /** The values of settings that hold secrets: PASSWORD keys of {@code def}, and names that say so. */
    private static Set<String> secrets(Map<String, ?> settings, ConfigDef def) {
        Set<String> out = new HashSet<>();
        settings.forEach((key, value) -> {
            if (value != null && isSecret(key, def)) {
                String text = value instanceof Password p ? p.value() : value.toString();
                if (text != null && !text.isEmpty()) {
                    out.add(text);
                }
            }
        });
        return out;
    }

    private static boolean isSecret(String key, ConfigDef def) {
        ConfigDef.ConfigKey known = def == null ? null : def.configKeys().get(key);
        if (known != null && known.type == ConfigDef.Type.PASSWORD) {
            return true;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.endsWith(".key") || SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /**
     * A configuration error's class and message, the message left out when the settings hold secrets:
     * a parser's message may quote a piece of one (a JAAS configuration's token).
     */
    private static String withheld(Throwable e, Set<String> secrets) {
        String type = e.getClass().getSimpleName();
        if (!secrets.isEmpty()) {
            return type + "; its message is withheld: the settings hold secrets";
        }
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /** {@code message} with every secret value replaced by {@value Validators#HIDDEN}. */
    static String redact(String message, Set<String> secrets) {
        String m = message == null ? "no message" : message;
        for (String secret : secrets) {
            m = m.replace(secret, Validators.HIDDEN);
        }
        return m;
    }

    static void closeQuietly(Converter converter, String key) {
        if ((Object) converter instanceof AutoCloseable c) {
            Utils.closeQuietly(c, key);
        }
    }
}
