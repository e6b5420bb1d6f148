package io.cdckit.testkit;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a module's Kafka Connect plugin archive and enforces its service manifests.
 *
 * <p>Run by every plugin module's build in the {@code package} phase (see the parent POM).
 * It fails the build when
 * <ul>
 *   <li>a public concrete plugin class (transformation, predicate, converter, header converter,
 *       connector) is not listed in its {@code META-INF/services/} file,</li>
 *   <li>a listed class does not exist, is not public and concrete, lacks a public no-arg
 *       constructor, does not implement the interface it is listed under, or does not
 *       implement {@code Versioned#version()} itself,</li>
 *   <li>a library to bundle is a Kafka jar or an SLF4J binding,</li>
 *   <li>the module lists no plugin at all (a module without plugin classes builds no archive),</li>
 *   <li>the written archive's manifest does not match what its jars hold ({@link PluginArchive#check}).</li>
 * </ul>
 * The manifest's component types and its {@code single_message_transforms} feature are derived
 * from the service files of the module and of every jar it bundles, never declared.
 * The archive ({@link PluginArchive}) follows the Confluent Hub component layout; the Kafka 3.9
 * build's archives carry the {@code -kafka39} suffix.
 */
public final class PluginPackager {

    /** Service interfaces whose implementations are Connect plugins, by manifest file name. */
    public static final List<String> PLUGIN_INTERFACES = List.of(
            "org.apache.kafka.connect.transforms.Transformation",
            "org.apache.kafka.connect.transforms.predicates.Predicate",
            "org.apache.kafka.connect.storage.Converter",
            "org.apache.kafka.connect.storage.HeaderConverter",
            "org.apache.kafka.connect.source.SourceConnector",
            "org.apache.kafka.connect.sink.SinkConnector");

    private static final String VERSIONED = "org.apache.kafka.connect.components.Versioned";

    private PluginPackager() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --key=value, got: " + arg);
            }
            int eq = arg.indexOf('=');
            opts.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Path classes = Path.of(require(opts, "classes"));
        List<String> problems = checkServiceManifests(classes, PluginPackager.class.getClassLoader());
        if (componentTypes(readServices(classes)).isEmpty()) {
            problems.add("the module lists no plugin in META-INF/services: a module without plugin classes builds "
                    + "no archive (leave cdckit.plugin.skip=true)");
        }
        Path lib = Path.of(require(opts, "lib"));
        List<Path> jars = new ArrayList<>();
        jars.add(Path.of(require(opts, "jar")));
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        problems.addAll(checkBundledJars(jars));
        opts.put("component-types", String.join(",", componentTypes(classes, jars)));
        if (!problems.isEmpty()) {
            System.err.println("Plugin archive check failed for " + opts.get("name") + ":");
            problems.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
        Path zip = PluginArchive.write(Path.of(require(opts, "out")), opts, jars);
        List<String> wrong = PluginArchive.check(zip);
        if (!wrong.isEmpty()) {
            System.err.println("Plugin archive " + zip.getFileName() + " does not match its manifest:");
            wrong.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
        System.out.println("cdckit plugin archive: " + zip);
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }

    /**
     * Compares the public concrete plugin classes found under {@code classesDir} with the
     * {@code META-INF/services} files there; returns one line per problem (empty when all is well).
     */
    public static List<String> checkServiceManifests(Path classesDir, ClassLoader loader) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Class<?>> interfaces = new LinkedHashMap<>();
        for (String name : PLUGIN_INTERFACES) {
            try {
                interfaces.put(name, Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                // not on this Kafka version's class path (cannot happen for the ones listed); skip
            }
        }
        Class<?> versioned;
        try {
            versioned = Class.forName(VERSIONED, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("connect-api is not on the class path", e);
        }

        Map<String, Set<String>> listed = readServices(classesDir);

        // every listed class exists and is a usable plugin of that kind
        for (Map.Entry<String, Set<String>> e : listed.entrySet()) {
            Class<?> iface = interfaces.get(e.getKey());
            for (String cls : e.getValue()) {
                Class<?> c;
                try {
                    c = Class.forName(cls, false, loader);
                } catch (ClassNotFoundException | LinkageError ex) {
                    problems.add("META-INF/services/" + e.getKey() + " lists " + cls + ", which does not exist");
                    continue;
                }
                if (!iface.isAssignableFrom(c)) {
                    problems.add(cls + " is listed in META-INF/services/" + e.getKey() + " but does not implement it");
                }
                if (!isPublicConcrete(c)) {
                    problems.add(cls + " is listed in META-INF/services/" + e.getKey() + " but is not a public concrete class");
                }
                if (!hasPublicNoArgConstructor(c)) {
                    problems.add(cls + " has no public no-arg constructor (Connect's discovery needs one)");
                }
                if (!versioned.isAssignableFrom(c) || !declaresVersion(c)) {
                    problems.add(cls + " does not implement " + VERSIONED + ".version()");
                }
            }
        }

        // every public concrete plugin class is listed
        if (Files.isDirectory(classesDir)) {
            List<String> classNames;
            try (Stream<Path> files = Files.walk(classesDir)) {
                classNames = files.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> classesDir.relativize(p).toString())
                        .filter(n -> !n.equals("module-info.class") && !n.endsWith("package-info.class"))
                        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                        .sorted()
                        .collect(Collectors.toList());
            }
            for (String cls : classNames) {
                Class<?> c;
                try {
                    c = Class.forName(cls, false, loader);
                } catch (ClassNotFoundException | LinkageError ex) {
                    continue; // e.g. a class that needs an optional dependency; not a listed plugin
                }
                if (!isPublicConcrete(c) || c.isAnonymousClass() || c.isLocalClass()) {
                    continue;
                }
                for (Map.Entry<String, Class<?>> iface : interfaces.entrySet()) {
                    if (iface.getValue().isAssignableFrom(c) && !listed.get(iface.getKey()).contains(cls)) {
                        problems.add(cls + " is a public " + simple(iface.getKey())
                                + " but is missing from META-INF/services/" + iface.getKey());
                    }
                }
            }
        }
        return problems;
    }

    /** The entries of each plugin interface's {@code META-INF/services} file under {@code classesDir}. */
    static Map<String, Set<String>> readServices(Path classesDir) throws IOException {
        Map<String, Set<String>> listed = new LinkedHashMap<>();
        for (String name : PLUGIN_INTERFACES) {
            Path file = classesDir.resolve("META-INF/services/" + name);
            listed.put(name, Files.exists(file) ? serviceEntries(Files.readString(file, StandardCharsets.UTF_8))
                    : new TreeSet<>());
        }
        return listed;
    }

    static Set<String> serviceEntries(String text) {
        Set<String> entries = new TreeSet<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * The component types of everything an archive would hold: the plugins the module's own service
     * files list and those of every bundled jar (a connector that bundles cdckit's transform jars
     * holds those transforms too: a worker finds them in its plugin folder). Jars that do not exist
     * are left to {@link #checkBundledJars}.
     */
    static List<String> componentTypes(Path classesDir, List<Path> jars) throws IOException {
        Map<String, Set<String>> held = readServices(classesDir);
        for (Path jar : jars) {
            if (Files.isRegularFile(jar)) {
                PluginArchive.readJarServices(Files.readAllBytes(jar), held);
            }
        }
        return componentTypes(held);
    }

    /** The manifest's component types of the plugins listed: transform, converter, source, sink. */
    static List<String> componentTypes(Map<String, Set<String>> listed) {
        Set<String> types = new LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> e : listed.entrySet()) {
            if (!e.getValue().isEmpty()) {
                types.add(COMPONENT_TYPES.get(e.getKey()));
            }
        }
        return List.copyOf(types);
    }

    private static final Map<String, String> COMPONENT_TYPES = Map.of(
            "org.apache.kafka.connect.transforms.Transformation", "transform",
            "org.apache.kafka.connect.transforms.predicates.Predicate", "transform",
            "org.apache.kafka.connect.storage.Converter", "converter",
            "org.apache.kafka.connect.storage.HeaderConverter", "converter",
            "org.apache.kafka.connect.source.SourceConnector", "source",
            "org.apache.kafka.connect.sink.SinkConnector", "sink");

    /** Kafka's own jars and logging bindings come from the worker and must never be bundled. */
    public static List<String> checkBundledJars(List<Path> jars) {
        List<String> problems = new ArrayList<>();
        for (Path jar : jars) {
            String n = jar.getFileName().toString();
            if (!Files.isRegularFile(jar)) {
                problems.add("jar to bundle does not exist: " + n);
            }
            if (n.startsWith("kafka-") || n.startsWith("kafka_") || n.startsWith("connect-api")
                    || n.startsWith("connect-runtime") || n.startsWith("connect-json")
                    || n.startsWith("connect-transforms") || n.startsWith("slf4j-")
                    || n.startsWith("logback-") || n.startsWith("reload4j") || n.startsWith("log4j-")) {
                problems.add("must not bundle " + n + " (Kafka and logging come from the worker)");
            }
        }
        return problems;
    }

    private static boolean isPublicConcrete(Class<?> c) {
        int m = c.getModifiers();
        boolean nestedOk = c.getEnclosingClass() == null || Modifier.isStatic(m);
        return Modifier.isPublic(m) && !Modifier.isAbstract(m) && !c.isInterface() && nestedOk;
    }

    /**
     * Whether a class implements {@code version()} itself (or in a superclass), rather than only
     * inheriting an interface's default (Kafka 4.3's {@code Transformation} has one).
     */
    private static boolean declaresVersion(Class<?> c) {
        try {
            return !c.getMethod("version").getDeclaringClass().isInterface();
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> c) {
        try {
            return Modifier.isPublic(c.getConstructor().getModifiers());
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    private static String simple(String fqcn) {
        return fqcn.substring(fqcn.lastIndexOf('.') + 1);
    }
}
