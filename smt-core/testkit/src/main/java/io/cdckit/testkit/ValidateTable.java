package io.cdckit.testkit;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.Validators;
import io.cdckit.testkit.connect.CaptureSinkConnector;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A plugin's wrong configurations, put through a real worker's
 * {@code PUT /connector-plugins/{class}/config/validate}: each must be reported on the key it
 * concerns (and no other key of the plugin), with the message {@code configure()} throws for it
 * (the plugin loaded from the archive on the worker's {@code plugin.path}).
 *
 * <p>Besides the cases a module lists (its cross-key rules and value shapes), {@link #assertAll}
 * walks the plugin's ConfigDef: a number, boolean or choice key given a value of the wrong kind,
 * and each required key left out. Every key that declares a rule must appear in a listed case, and
 * no message may show the value of a secret key (or a text declared {@link #neverShown}).
 * {@link #assertEveryPluginCovered} checks that a module's archive has no plugin without a table.
 *
 * <pre>{@code
 * ValidateTable.transform("io.cdckit.smt.unwrap.Unwrap")
 *     .wrong("legacy and new delete keys", Map.of("delete.handling.mode", "rewrite",
 *             "delete.tombstone.handling.mode", "drop"), "delete.tombstone.handling.mode", "legacy")
 *     .assertAll(CONNECT.runtime());
 * }</pre>
 */
public final class ValidateTable {

    private static final String ALIAS = "t";

    private final String plugin;
    private final boolean converter;
    private final Map<String, String> base = new LinkedHashMap<>();
    private final List<Case> cases = new ArrayList<>();
    private final Set<String> neverShown = new TreeSet<>();
    private PluginFirstLoader loader;

    /** Settings over the base, with the base's {@code removed} keys left out. */
    private record Case(String what, Map<String, String> settings, Set<String> removed, String key, String fragment) {
    }

    private ValidateTable(String plugin, boolean converter) {
        this.plugin = plugin;
        this.converter = converter;
    }

    /**
     * The table of a transformation (by class name: its test may not have it on the class path),
     * validated as transform {@value #ALIAS} of a sink connector.
     */
    public static ValidateTable transform(String className) {
        return new ValidateTable(className, false);
    }

    /** The table of a converter (by class name), validated as a connector's {@code value.converter}. */
    public static ValidateTable converter(String className) {
        return new ValidateTable(className, true);
    }

    /** Settings every case starts from (the plugin's required keys), valid on their own. */
    public ValidateTable base(Map<String, String> settings) {
        base.putAll(settings);
        return this;
    }

    /**
     * A wrong configuration: {@code settings} (over the base) must fail on {@code key}, with a
     * message holding {@code fragment}.
     */
    public ValidateTable wrong(String what, Map<String, String> settings, String key, String fragment) {
        cases.add(new Case(what, Map.copyOf(settings), Set.of(), key, fragment));
        return this;
    }

    /**
     * Text that no message may show (credentials inside a URL); the values of PASSWORD and
     * sensitive keys are checked without being named here.
     */
    public ValidateTable neverShown(String text) {
        neverShown.add(text);
        return this;
    }

    /** A wrong configuration: the base without {@code removedKey} must fail on {@code key}. */
    public ValidateTable without(String what, String removedKey, String key, String fragment) {
        cases.add(new Case(what, Map.of(), Set.of(removedKey), key, fragment));
        return this;
    }

    public String pluginClass() {
        return plugin;
    }

    /** Runs the listed cases and the walk of the ConfigDef through {@code runtime}'s validate endpoint. */
    public void assertAll(ConnectRuntime runtime) {
        ConfigDef def = newPlugin(runtime).config();
        assertEquals(Map.of(), errorsOf(runtime, base), simpleName() + ": the base settings must be valid");
        Set<String> uncovered = new TreeSet<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (ConfigKeys.hasRules(key) && cases.stream().noneMatch(c -> c.key.equals(key.name))) {
                uncovered.add(key.name);
            }
        }
        if (!uncovered.isEmpty()) {
            fail(simpleName() + ": keys with rules but no wrong configuration in the table: " + uncovered);
        }
        List<Case> all = new ArrayList<>(cases);
        all.addAll(walk(def));
        for (Case c : all) {
            check(runtime, c);
        }
    }

    /** Every cdckit transformation and converter the worker discovered has a table in {@code tables}. */
    public static void assertEveryPluginCovered(ConnectRuntime runtime, ValidateTable... tables) {
        Set<String> covered = new TreeSet<>();
        for (ValidateTable t : tables) {
            covered.add(t.pluginClass());
        }
        Set<String> plugins = new TreeSet<>();
        for (JsonNode p : runtime.get("connector-plugins?connectorsOnly=false")) {
            String type = p.get("type").asText();
            String name = p.get("class").asText();
            if (name.startsWith("io.cdckit.") && !name.startsWith("io.cdckit.testkit.")
                    && (type.equals("transformation") || type.equals("converter"))) {
                plugins.add(name);
            }
        }
        assertTrue(!plugins.isEmpty(), "the worker discovered no cdckit plugin");
        plugins.removeAll(covered);
        assertEquals(Set.of(), plugins, "plugins without a validate table");
    }

    // ------------------------------------------------------------------ the walk

    /** Wrong kinds of value for typed and choice keys, and each required key left out. */
    private List<Case> walk(ConfigDef def) {
        List<Case> out = new ArrayList<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            String wrong = switch (key.type) {
                case INT, LONG, SHORT, DOUBLE -> "not-a-number";
                case BOOLEAN -> "maybe";
                case STRING -> isChoice(key) ? "no-such-choice" : null;
                default -> null;
            };
            if (wrong != null) {
                out.add(new Case("a " + key.type + " key with a wrong value", Map.of(key.name, wrong), Set.of(),
                        key.name, key.name));
            }
            if (key.defaultValue == ConfigDef.NO_DEFAULT_VALUE) {
                out.add(new Case("required key left out", Map.of(), Set.of(key.name), key.name, key.name));
            }
        }
        return out;
    }

    private static boolean isChoice(ConfigDef.ConfigKey key) {
        if (key.recommender == null) {
            return false;
        }
        try {
            return !key.recommender.validValues(key.name, Map.of()).isEmpty();
        } catch (ConfigException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ one case

    private void check(ConnectRuntime runtime, Case c) {
        Map<String, String> settings = new LinkedHashMap<>(base);
        settings.putAll(c.settings);
        settings.keySet().removeAll(c.removed);
        String label = simpleName() + " (" + c.what + ", " + c.settings.keySet() + " set, " + c.removed
                + " removed)";
        String expected = configureError(runtime, settings, label);
        Map<String, List<String>> errors = errorsOf(runtime, settings);
        Set<String> secrets = new TreeSet<>(neverShown);
        ConfigDef def = newPlugin(runtime).config();
        settings.forEach((k, v) -> {
            if (Validators.isSecret(def.configKeys().get(k)) && !v.isEmpty()) {
                secrets.add(v);
            }
        });
        for (String secret : secrets) {
            assertTrue(!expected.contains(secret) && !errors.toString().contains(secret),
                    label + ": a secret is shown in " + expected + " / " + errors);
        }
        assertEquals(Set.of(c.key), errors.keySet(), label + ": the error lands on " + c.key + " alone; got " + errors);
        List<String> messages = errors.get(c.key);
        // Connect parses an embedded key's type under its prefixed name: the one difference it makes
        String prefixed = expected.replace("configuration " + c.key, "configuration " + prefix() + c.key)
                .replace("configuration \"" + c.key + "\"", "configuration \"" + prefix() + c.key + "\"");
        assertTrue(messages.contains(expected) || messages.contains(prefixed), label + ": validate shows configure()'s message '" + expected
                + "'; got " + messages);
        assertTrue(expected.contains(c.fragment), label + ": the message names the problem ('" + c.fragment
                + "'): " + expected);
    }

    /** The ConfigException message {@code configure()} of the archive's plugin throws for these settings. */
    private String configureError(ConnectRuntime runtime, Map<String, String> settings, String label) {
        Object instance = newPlugin(runtime).instance;
        try {
            if (instance instanceof Converter conv) {
                conv.configure(settings, false);
            } else {
                ((Transformation<?>) instance).configure(settings);
            }
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError(label + ": configure() accepted the configuration");
    }

    /** Validate's errors on this plugin's keys, by key without the plugin's prefix. */
    private Map<String, List<String>> errorsOf(ConnectRuntime runtime, Map<String, String> settings) {
        String prefix = prefix();
        Map<String, String> config = new LinkedHashMap<>(CaptureSinkConnector.config("validate-topic",
                Path.of("unused")));
        config.put("name", "validate-" + simpleName().toLowerCase(java.util.Locale.ROOT));
        if (converter) {
            config.put("value.converter", plugin);
        } else {
            config.put("transforms", ALIAS);
            config.put(prefix + "type", plugin);
        }
        settings.forEach((k, v) -> config.put(prefix + k, v));
        return runtime.validate(CaptureSinkConnector.class.getName(), config).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .collect(Collectors.toMap(e -> e.getKey().substring(prefix.length()), Map.Entry::getValue,
                        (a, b) -> a, LinkedHashMap::new));
    }

    private String prefix() {
        return converter ? "value.converter." : "transforms." + ALIAS + ".";
    }

    private String simpleName() {
        return plugin.substring(plugin.lastIndexOf('.') + 1);
    }

    /**
     * A new instance of the plugin as the worker has it: from the jars of the archives on the
     * runtime's {@code plugin.path} (Kafka's classes and the kernel from this class path).
     */
    private Plugin newPlugin(ConnectRuntime runtime) {
        try {
            if (loader == null) {
                List<URL> jars = new ArrayList<>();
                try (Stream<Path> files = Files.walk(runtime.pluginPath())) {
                    for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                        jars.add(jar.toUri().toURL());
                    }
                }
                loader = new PluginFirstLoader(jars.toArray(URL[]::new), ValidateTable.class.getClassLoader());
            }
            Class<?> type = Class.forName(plugin, true, loader);
            if (type.getClassLoader() != loader) {
                throw new AssertionError(plugin + " is not in the archives on the plugin path");
            }
            return new Plugin(type.getDeclaredConstructor().newInstance());
        } catch (IOException | ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + plugin + " from the plugin path", e);
        }
    }

    /**
     * Loads a plugin module's classes from the archives even when the test's class path has them
     * too (as a worker's plugin loader does); Kafka, the kernel and the test kit come from the test's
     * class path, so that the kernel's types (the rules' recommender) are the test's own.
     */
    private static final class PluginFirstLoader extends URLClassLoader {
        PluginFirstLoader(URL[] jars, ClassLoader parent) {
            super(jars, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            boolean pluginClass = name.startsWith("io.cdckit.") && !name.startsWith("io.cdckit.core.")
                    && !name.startsWith("io.cdckit.testkit.");
            if (!pluginClass) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    private record Plugin(Object instance) {
        ConfigDef config() {
            return instance instanceof Converter c ? c.config() : ((Transformation<?>) instance).config();
        }
    }
}
