package io.cdckit.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

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
 *   <li>the written archive's manifest does not match what its jars hold ({@link #checkArchive}).</li>
 * </ul>
 * The manifest's component types and its {@code single_message_transforms} feature are derived
 * from the service files, never declared.
 * The archive follows the Confluent Hub component layout:
 * {@code <name>-<version>[-kafka39]/manifest.json} and {@code .../lib/*.jar}; the Kafka 3.9 build's
 * archives carry the {@code -kafka39} suffix.
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
        List<String> types = componentTypes(readServices(classes));
        if (types.isEmpty()) {
            problems.add("the module lists no plugin in META-INF/services: a module without plugin classes builds "
                    + "no archive (leave cdckit.plugin.skip=true)");
        }
        opts.put("component-types", String.join(",", types));
        Path lib = Path.of(require(opts, "lib"));
        List<Path> jars = new ArrayList<>();
        jars.add(Path.of(require(opts, "jar")));
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        problems.addAll(checkBundledJars(jars));
        if (!problems.isEmpty()) {
            System.err.println("Plugin archive check failed for " + opts.get("name") + ":");
            problems.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
        Path zip = writeArchive(Path.of(require(opts, "out")), opts, jars);
        List<String> wrong = checkArchive(zip);
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

    private static Set<String> serviceEntries(String text) {
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

    /**
     * Compares a written archive's manifest with what its jars hold: the component types and the
     * {@code single_message_transforms} feature must be those of the plugins the jars' service files
     * list, and the root folder must be the archive's name. Returns one line per mismatch.
     */
    public static List<String> checkArchive(Path zip) throws IOException {
        Map<String, Set<String>> listed = new LinkedHashMap<>();
        PLUGIN_INTERFACES.forEach(i -> listed.put(i, new TreeSet<>()));
        String manifest = null;
        String root = zip.getFileName().toString().replaceFirst("\\.zip$", "") + "/";
        List<String> problems = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (!e.getName().startsWith(root)) {
                    problems.add("entry " + e.getName() + " is outside the root folder " + root);
                } else if (e.getName().equals(root + "manifest.json")) {
                    manifest = new String(z.readAllBytes(), StandardCharsets.UTF_8);
                } else if (e.getName().endsWith(".jar")) {
                    readJarServices(z.readAllBytes(), listed);
                }
            }
        }
        if (manifest == null) {
            problems.add("no " + root + "manifest.json");
            return problems;
        }
        JsonNode m = JsonRecords.MAPPER.readTree(manifest);
        List<String> declared = new ArrayList<>();
        m.path("component_types").forEach(t -> declared.add(t.asText()));
        List<String> held = componentTypes(listed);
        if (!new TreeSet<>(declared).equals(new TreeSet<>(held))) {
            problems.add("manifest component_types " + declared + " but the jars hold " + held);
        }
        boolean transforms = held.contains("transform");
        if (m.path("features").path("single_message_transforms").asBoolean(false) != transforms) {
            problems.add("manifest single_message_transforms must be " + transforms);
        }
        return problems;
    }

    private static void readJarServices(byte[] jar, Map<String, Set<String>> listed) throws IOException {
        try (ZipInputStream j = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = j.getNextEntry()) != null; ) {
                String n = e.getName();
                if (n.startsWith("META-INF/services/") && listed.containsKey(n.substring("META-INF/services/".length()))) {
                    listed.get(n.substring("META-INF/services/".length()))
                            .addAll(serviceEntries(new String(j.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
    }

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

    /**
     * Writes {@code <out>/<name>-<version><suffix>.zip} (suffix {@code -kafka39} for the Kafka 3.9
     * build, else none); returns its path.
     */
    public static Path writeArchive(Path outDir, Map<String, String> opts, List<Path> jars) throws IOException {
        String name = opts.get("name");
        String version = opts.get("version");
        String base = name + "-" + version + opts.getOrDefault("suffix", "");
        String root = base + "/";
        Files.createDirectories(outDir);
        Path zip = outDir.resolve(base + ".zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry(root));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(root + "manifest.json"));
            out.write(manifestJson(opts).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(root + "lib/"));
            out.closeEntry();
            for (Path jar : jars) {
                out.putNextEntry(new ZipEntry(root + "lib/" + jar.getFileName()));
                Files.copy(jar, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    static String manifestJson(Map<String, String> opts) {
        String kafka = opts.getOrDefault("kafka-version", "");
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        field(b, "name", opts.get("name"));
        field(b, "version", opts.get("version"));
        field(b, "title", opts.getOrDefault("title", opts.get("name")));
        field(b, "description", opts.getOrDefault("description", ""));
        b.append("  \"owner\": {\n    \"username\": \"cdckit\",\n    \"name\": \"cdckit\"\n  },\n");
        b.append("  \"component_types\": ").append(array(opts.getOrDefault("component-types", "transform"))).append(",\n");
        b.append("  \"license\": [\n    {\n      \"name\": \"Apache License 2.0\",\n")
                .append("      \"url\": \"https://www.apache.org/licenses/LICENSE-2.0\"\n    }\n  ],\n");
        boolean kafka39 = opts.getOrDefault("suffix", "").equals("-kafka39");
        b.append("  \"requirements\": ").append(array((kafka39
                        ? "Kafka Connect 3.9 or 4.0 (no plugin metrics; built against " : "Kafka Connect 4.1 or later (built against ")
                        + kafka + "),Java 17+"))
                .append(",\n");
        boolean transforms = Arrays.asList(opts.getOrDefault("component-types", "").split(",")).contains("transform");
        b.append("  \"features\": {\n    \"supported_encodings\": [\"any\"],\n    \"single_message_transforms\": ")
                .append(transforms).append(",\n")
                .append("    \"confluent_control_center_integration\": false,\n    \"kafka_connect_api\": true,\n")
                .append("    \"delivery_guarantee\": [\"at_least_once\"],\n    \"tags\": ")
                .append(array(opts.getOrDefault("features", ""))).append("\n  }\n");
        b.append("}\n");
        return b.toString();
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append("  \"").append(key).append("\": \"").append(escape(value)).append("\",\n");
    }

    private static String array(String commaList) {
        return Arrays.stream(commaList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> "\"" + escape(s) + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : (s == null ? "" : s).toCharArray()) {
            switch (ch) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                default:
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
            }
        }
        return b.toString();
    }
}
