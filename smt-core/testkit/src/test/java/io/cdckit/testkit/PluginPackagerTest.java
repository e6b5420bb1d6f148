package io.cdckit.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginPackagerTest {

    private static final String TRANSFORM = "org.apache.kafka.connect.transforms.Transformation";

    private static String transform(String name, String extra, boolean versioned) {
        String pkg = name.substring(0, name.lastIndexOf('.'));
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return "package " + pkg + ";\n"
                + "import org.apache.kafka.connect.connector.ConnectRecord;\n"
                + "public " + extra + " class " + simple + "<R extends ConnectRecord<R>> implements "
                + "org.apache.kafka.connect.transforms.Transformation<R>"
                + (versioned ? ", org.apache.kafka.connect.components.Versioned" : "") + " {\n"
                + "  public R apply(R r) { return r; }\n"
                + "  public org.apache.kafka.common.config.ConfigDef config() { return new org.apache.kafka.common.config.ConfigDef(); }\n"
                + "  public void close() {}\n"
                + "  public void configure(java.util.Map<String, ?> m) {}\n"
                + (versioned ? "  public String version() { return \"1\"; }\n" : "")
                + "}\n";
    }

    private static Path classes;

    @BeforeAll
    static void compile(@TempDir Path dir) throws IOException {
        classes = dir.resolve("classes");
        JavaSources.compile(Map.of(
                "p.Good", transform("p.Good", "", true),
                "p.Unversioned", transform("p.Unversioned", "", false),
                "p.Base", transform("p.Base", "abstract", true),
                "p.Helper", "package p; public class Helper { }"), classes);
    }

    private static List<String> check(Path classesDir, String... listed) throws IOException {
        Path services = classesDir.resolve("META-INF/services/" + TRANSFORM);
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# cdckit\n" + String.join("\n", listed) + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classesDir.toUri().toURL()},
                PluginPackagerTest.class.getClassLoader())) {
            return PluginPackager.checkServiceManifests(classesDir, loader);
        }
    }

    @Test
    void allListedAndVersionedPasses(@TempDir Path tmp) throws IOException {
        Path copy = copyOf(tmp, "p/Good.class", "p/Helper.class", "p/Base.class");
        assertEquals(List.of(), check(copy, "p.Good"));
    }

    @Test
    void aPublicConcreteTransformMissingFromTheManifestFails(@TempDir Path tmp) throws IOException {
        Path copy = copyOf(tmp, "p/Good.class");
        List<String> problems = check(copy);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("p.Good is a public Transformation but is missing from META-INF/services/"
                + TRANSFORM), problems.get(0));
    }

    @Test
    void aListedClassThatDoesNotExistFails(@TempDir Path tmp) throws IOException {
        Path copy = copyOf(tmp, "p/Good.class");
        List<String> problems = check(copy, "p.Good", "p.Gone");
        assertEquals(List.of("META-INF/services/" + TRANSFORM + " lists p.Gone, which does not exist"), problems);
    }

    @Test
    void listedButAbstractOrUnversionedOrNotATransformFails(@TempDir Path tmp) throws IOException {
        Path copy = copyOf(tmp, "p/Base.class", "p/Unversioned.class", "p/Helper.class");
        List<String> problems = check(copy, "p.Base", "p.Unversioned", "p.Helper");
        String all = String.join("\n", problems);
        assertTrue(all.contains("p.Base is listed in META-INF/services/" + TRANSFORM + " but is not a public concrete class"), all);
        assertTrue(all.contains("p.Unversioned does not implement org.apache.kafka.connect.components.Versioned.version()"), all);
        assertTrue(all.contains("p.Helper is listed in META-INF/services/" + TRANSFORM + " but does not implement it"), all);
    }

    @Test
    void kafkaJarsAndLoggingBindingsMustNotBeBundled(@TempDir Path tmp) throws IOException {
        Path ok = Files.createFile(tmp.resolve("caffeine-3.3.1.jar"));
        Path kafka = Files.createFile(tmp.resolve("kafka-clients-4.3.1.jar"));
        Path binding = Files.createFile(tmp.resolve("slf4j-reload4j-2.0.17.jar"));
        Path connect = Files.createFile(tmp.resolve("connect-api-4.3.1.jar"));
        assertEquals(List.of(), PluginPackager.checkBundledJars(List.of(ok)));
        assertEquals(3, PluginPackager.checkBundledJars(List.of(ok, kafka, binding, connect)).size());
        assertEquals(1, PluginPackager.checkBundledJars(List.of(tmp.resolve("missing.jar"))).size());
    }

    @Test
    void archiveHasTheComponentLayoutAndAManifest(@TempDir Path tmp) throws IOException {
        Path jar = Files.writeString(tmp.resolve("cdckit-x-1.0.jar"), "jar");
        Path lib = Files.writeString(tmp.resolve("caffeine-3.3.1.jar"), "lib");
        Path zip = PluginArchive.write(tmp.resolve("out"), Map.of("name", "cdckit-x", "version", "1.0",
                "title", "cdckit x", "description", "Does \"x\"", "component-types", "transform,converter",
                "kafka-version", "4.3.1", "features", "cdc"), List.of(jar, lib));
        assertEquals("cdckit-x-1.0.zip", zip.getFileName().toString());
        List<String> names = new ArrayList<>();
        JsonNode manifest = null;
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                names.add(e.getName());
                if (e.getName().endsWith("manifest.json")) {
                    manifest = JsonRecords.MAPPER.readTree(z.readAllBytes());
                }
            }
        }
        assertEquals(List.of("cdckit-x-1.0/", "cdckit-x-1.0/manifest.json", "cdckit-x-1.0/lib/",
                "cdckit-x-1.0/lib/cdckit-x-1.0.jar", "cdckit-x-1.0/lib/caffeine-3.3.1.jar"), names);
        assertEquals("cdckit-x", manifest.get("name").asText());
        assertEquals("1.0", manifest.get("version").asText());
        assertEquals("cdckit x", manifest.get("title").asText());
        assertEquals("Does \"x\"", manifest.get("description").asText());
        assertEquals("cdckit", manifest.get("owner").get("username").asText());
        assertEquals(2, manifest.get("component_types").size());
        assertEquals("converter", manifest.get("component_types").get(1).asText());
        assertEquals("Apache License 2.0", manifest.get("license").get(0).get("name").asText());
        assertTrue(manifest.get("requirements").get(0).asText().contains("4.3.1"));
        assertTrue(manifest.get("features").has("single_message_transforms"));
    }

    private static Path copyOf(Path tmp, String... classFiles) throws IOException {
        Path dir = tmp.resolve("classes");
        for (String f : classFiles) {
            Path target = dir.resolve(f);
            Files.createDirectories(target.getParent());
            Files.copy(classes.resolve(f), target);
        }
        return dir;
    }

    /** A jar whose service file for {@code iface} lists {@code plugin}. */
    private static Path jarListing(Path dir, String name, String iface, String plugin) throws IOException {
        Path jar = dir.resolve(name);
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("META-INF/services/" + iface));
            z.write((plugin + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return jar;
    }

    @Test
    void theManifestSaysWhatTheArchiveHolds(@TempDir Path tmp) throws IOException {
        Path converterJar = jarListing(tmp, "cdckit-c-1.0.jar", "org.apache.kafka.connect.storage.Converter", "x.AvroLike");
        Path zip = PluginArchive.write(tmp.resolve("ok"), Map.of("name", "cdckit-c", "version", "1.0",
                "component-types", "converter", "kafka-version", "3.9.2", "suffix", "-kafka39"), List.of(converterJar));
        assertEquals("cdckit-c-1.0-kafka39.zip", zip.getFileName().toString());
        assertEquals(List.of(), PluginArchive.check(zip));

        // a converter archive that claims to hold transforms (the old fixed manifest) is caught
        Path wrong = PluginArchive.write(tmp.resolve("wrong"), Map.of("name", "cdckit-c", "version", "1.0",
                "component-types", "transform", "kafka-version", "4.3.1"), List.of(converterJar));
        assertEquals(List.of("manifest component_types [transform] but the jars hold [converter]",
                "manifest single_message_transforms must be false"), PluginArchive.check(wrong));

        Path transformJar = jarListing(tmp, "cdckit-t-1.0.jar", TRANSFORM, "x.Unwrapish");
        Path both = PluginArchive.write(tmp.resolve("both"), Map.of("name", "cdckit-t", "version", "1.0",
                "component-types", "transform,converter", "kafka-version", "4.3.1"), List.of(transformJar, converterJar));
        assertEquals(List.of(), PluginArchive.check(both));
    }

    @Test
    void componentTypesComeFromTheServiceFiles(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("META-INF/services"));
        assertEquals(List.of(), PluginPackager.componentTypes(PluginPackager.readServices(tmp)), "no plugin: no archive");
        Files.writeString(tmp.resolve("META-INF/services/org.apache.kafka.connect.transforms.predicates.Predicate"),
                "# a comment\nx.IsDelete\n");
        Files.writeString(tmp.resolve("META-INF/services/org.apache.kafka.connect.sink.SinkConnector"), "x.Sink\n");
        assertEquals(List.of("transform", "sink"), PluginPackager.componentTypes(PluginPackager.readServices(tmp)));
    }

    @Test
    void componentTypesComeFromEveryBundledJar(@TempDir Path tmp) throws IOException {
        // a sink connector module that bundles a transform plugin's jar (the JSON lines sink example)
        Path classes = Files.createDirectories(tmp.resolve("classes/META-INF/services")).getParent().getParent();
        Files.writeString(classes.resolve("META-INF/services/org.apache.kafka.connect.sink.SinkConnector"), "x.Sink\n");
        Path own = jarListing(tmp, "cdckit-sink-1.0.jar", "org.apache.kafka.connect.sink.SinkConnector", "x.Sink");
        Path transforms = jarListing(tmp, "cdckit-smt-unwrap-1.0.jar", TRANSFORM, "x.Unwrapish");
        Path missing = tmp.resolve("not-built.jar");
        List<String> types = PluginPackager.componentTypes(classes, List.of(own, transforms, missing));
        assertEquals(List.of("transform", "sink"), types);

        Map<String, String> opts = Map.of("name", "cdckit-sink", "version", "1.0", "kafka-version", "4.3.1",
                "component-types", String.join(",", types));
        assertEquals(List.of(), PluginArchive.check(PluginArchive.write(tmp.resolve("ok"), opts, List.of(own, transforms))));

        // what the module's own service files alone say would be refused by the archive check
        List<String> ownOnly = PluginPackager.componentTypes(PluginPackager.readServices(classes));
        Path wrong = PluginArchive.write(tmp.resolve("wrong"), Map.of("name", "cdckit-sink", "version", "1.0",
                "kafka-version", "4.3.1", "component-types", String.join(",", ownOnly)), List.of(own, transforms));
        assertEquals(List.of("manifest component_types [sink] but the jars hold [transform, sink]",
                "manifest single_message_transforms must be true"), PluginArchive.check(wrong));
    }

    @Test
    void eachPluginInterfaceHasTheConfluentHubComponentType(@TempDir Path tmp) throws IOException {
        // Confluent Hub's component types, written out here rather than taken from the packager
        Map<String, String> expected = Map.of(
                "org.apache.kafka.connect.transforms.Transformation", "transform",
                "org.apache.kafka.connect.transforms.predicates.Predicate", "transform",
                "org.apache.kafka.connect.storage.Converter", "converter",
                "org.apache.kafka.connect.storage.HeaderConverter", "converter",
                "org.apache.kafka.connect.source.SourceConnector", "source",
                "org.apache.kafka.connect.sink.SinkConnector", "sink");
        assertEquals(expected.keySet(), Set.copyOf(PluginPackager.PLUGIN_INTERFACES));
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path classes = tmp.resolve(e.getKey());
            Path services = Files.createDirectories(classes.resolve("META-INF/services"));
            Files.writeString(services.resolve(e.getKey()), "x.Plugin\n");
            assertEquals(List.of(e.getValue()), PluginPackager.componentTypes(PluginPackager.readServices(classes)),
                    e.getKey());
        }
    }
}
