package io.cdckit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cdckit.core.CdckitVersion;
import io.cdckit.testkit.connect.CaptureSinkConnector;
import io.cdckit.testkit.connect.RecordLines;
import io.cdckit.testkit.connect.ReplaySourceConnector;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the foundation end to end in a real Connect runtime: a transform built on the kernel is
 * installed from a plugin archive (the probe, the kernel and its library, packed as every module's
 * is) into {@code plugin.path}, loaded by Connect's plugin
 * class loader (not from the test class path), runs in the source path and in the sink path,
 * sends bad records to the dead letter queue without losing any, and has its configuration
 * validated through the REST API.
 *
 * <p>The transform ({@code io.cdckit.itplugin.LoaderProbe}, under {@code src/it-plugin}) is compiled
 * here and its jar is put only into the unzipped plugin folder: if isolation were bypassed (the
 * class found on the class path, or loaded by another loader) these tests fail.
 */
abstract class PluginIsolationTestBase {

    static final String PROBE = "io.cdckit.itplugin.LoaderProbe";
    static final String PROBE_VALUE = PROBE + "$Value";

    static final Schema ROW = SchemaBuilder.struct().name("shop.customers.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("shop.customers.Envelope")
            .field("after", SchemaBuilder.struct().name("shop.customers.Value")
                    .field("id", Schema.INT64_SCHEMA)
                    .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                    .optional().build())
            .field("op", Schema.STRING_SCHEMA)
            .build();
    static final Schema BAD_ENVELOPE = SchemaBuilder.struct().name("shop.customers.Envelope")
            .field("after", SchemaBuilder.struct().name("shop.customers.Value")
                    .field("id", Schema.INT64_SCHEMA)
                    .field("email", Schema.OPTIONAL_INT64_SCHEMA)
                    .optional().build())
            .field("op", Schema.STRING_SCHEMA)
            .build();

    static final String PROBE_PLUGIN = "cdckit-it-probe";

    static ConnectRuntime connect;
    static Path pluginFolder;

    /**
     * Starts the runtime with the probe plugin's archive: the probe jar, the kernel jar and its
     * library (Caffeine), packed by the plugin packager every module's build uses.
     */
    static void start(boolean serviceLoad, int workers) throws IOException {
        Path sources = Path.of(System.getProperty("cdckit.itplugin.sources", "src/it-plugin/java"));
        Path build = Files.createTempDirectory("cdckit-itplugin-");
        Path classes = build.resolve("classes");
        JavaSources.compileTree(sources, classes);
        copyTree(sources.resolveSibling("resources"), classes);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[]{classes.toUri().toURL()},
                PluginIsolationTestBase.class.getClassLoader())) {
            assertEquals(List.of(), PluginPackager.checkServiceManifests(classes, loader),
                    "the probe plugin passes the same manifest check as every module");
        }
        Path jar = JavaSources.jar(classes, build.resolve("cdckit-it-probe.jar"));
        List<Path> jars = List.of(jar, jarOf(CdckitVersion.class, build), jarOf(Caffeine.class, build));
        assertEquals(List.of(), PluginPackager.checkBundledJars(jars));
        Path archive = PluginArchive.write(build.resolve("plugin"),
                Map.of("name", PROBE_PLUGIN, "version", CdckitVersion.VERSION, "title", "probe",
                        "description", "the isolation test's probe", "component-types", "transform"), jars);

        ConnectRuntime.Builder b = ConnectRuntime.builder()
                .workers(workers)
                .pluginArchive(archive)
                .customizePluginPath(pluginPath -> pluginFolder = pluginPath.resolve(PROBE_PLUGIN + "-" + CdckitVersion.VERSION));
        if (serviceLoad) {
            b.serviceLoadDiscovery();
        }
        connect = b.start();
    }

    /** The jar a class was loaded from; a classes folder (a reactor or IDE build) is jarred first. */
    private static Path jarOf(Class<?> type, Path build) throws IOException {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(location)
                    ? JavaSources.jar(location, build.resolve(type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + ".jar"))
                    : location;
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }

    static Struct envelope(long id, String email) {
        Schema after = ENVELOPE.field("after").schema();
        return new Struct(ENVELOPE).put("after", new Struct(after).put("id", id).put("email", email)).put("op", "c");
    }

    static Struct badEnvelope(long id) {
        Schema after = BAD_ENVELOPE.field("after").schema();
        return new Struct(BAD_ENVELOPE).put("after", new Struct(after).put("id", id).put("email", 5551234L)).put("op", "c");
    }

    static Map<String, String> probe(Map<String, String> config) {
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put("transforms", "probe");
        c.put("transforms.probe.type", PROBE_VALUE);
        c.put("transforms.probe.field", "after.email");
        return c;
    }

    static void assertLoadedFromPluginPath(String loaderHeader) {
        assertNotNull(loaderHeader, "the probe adds its class loader as a header");
        assertTrue(loaderHeader.contains("PluginClassLoader"), loaderHeader);
        assertTrue(loaderHeader.contains(pluginFolder.getFileName().toString()), loaderHeader);
    }

    @Test
    void theProbeIsNotOnTheTestClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PROBE_VALUE));
    }

    @Test
    void connectListsTheTransformWithTheProjectVersion() {
        JsonNode plugins = connect.get("connector-plugins?connectorsOnly=false");
        JsonNode found = null;
        for (JsonNode p : plugins) {
            if (PROBE_VALUE.equals(p.get("class").asText())) {
                found = p;
            }
        }
        assertNotNull(found, "Connect discovered " + PROBE_VALUE);
        assertEquals("transformation", found.get("type").asText());
        assertEquals(CdckitVersion.VERSION, found.get("version").asText());
    }

    @Test
    void sourcePathRunsTheTransformFromThePluginLoader() throws IOException {
        Path file = connect.workDir().resolve("replay-source.jsonl");
        Map<String, Object> schemaless = new HashMap<>();
        schemaless.put("after", Map.of("id", 3, "email", "c@example.org"));
        schemaless.put("op", "c");
        RecordLines.write(file, List.of(
                new RecordLines.Line("src-out", Schema.INT64_SCHEMA, 1L, ENVELOPE, envelope(1, "a@example.org")),
                new RecordLines.Line("src-out", Schema.INT64_SCHEMA, 2L, ENVELOPE, envelope(2, "bb@example.org"))
                        .header("trace", "kept"),
                new RecordLines.Line("src-out", null, null, null, schemaless)));
        connect.createTopic("src-out");
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ReplaySourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(ReplaySourceConnector.FILE, file.toString());
        connect.deploy("replay", probe(config));
        connect.awaitRunning("replay", 1);

        List<DecodedRecord> out = connect.consumeDecoded("src-out", 3, Duration.ofSeconds(60));
        connect.delete("replay");
        assertEquals(3, out.size(), out.toString());
        assertEquals(List.of("13", "14", "13"), List.of(out.get(0).header("probe.length"),
                out.get(1).header("probe.length"), out.get(2).header("probe.length")));
        for (DecodedRecord r : out) {
            assertLoadedFromPluginPath(r.header("probe.loader"));
        }
        assertEquals("kept", out.get(1).header("trace"));
        assertEquals(ENVELOPE, out.get(0).valueSchema, "the transform does not change the value");
        assertEquals(envelope(1, "a@example.org"), out.get(0).value);
    }

    @Test
    void sinkPathSendsBadRecordsToTheDeadLetterQueueAndLosesNothing() throws Exception {
        connect.createTopic("sink-in");
        int good = 0;
        int bad = 0;
        for (int i = 0; i < 10; i++) {
            if (i % 4 == 3) {
                connect.produce("sink-in", Schema.INT64_SCHEMA, (long) i, BAD_ENVELOPE, badEnvelope(i));
                bad++;
            } else {
                connect.produce("sink-in", Schema.INT64_SCHEMA, (long) i, ENVELOPE, envelope(i, "user" + i + "@example.org"));
                good++;
            }
        }
        connect.produce("sink-in", Schema.INT64_SCHEMA, 99L, null, null); // a tombstone passes through
        good++;
        Path capture = connect.workDir().resolve("capture-dlq.jsonl");
        Map<String, String> config = CaptureSinkConnector.config("sink-in", capture);
        config.putAll(CaptureSinkConnector.deadLetterQueue("sink-dlq"));
        connect.deploy("capture-dlq", probe(config));
        connect.awaitRunning("capture-dlq", 1);

        connect.awaitSinkCaughtUp("capture-dlq", Duration.ofSeconds(60), "sink-in");
        List<DecodedRecord> out = RecordLines.read(capture);
        List<ConsumerRecord<byte[], byte[]>> dlq = connect.consumeDeadLetters("sink-dlq", bad, Duration.ofSeconds(60));
        connect.delete("capture-dlq");

        assertEquals(11, out.size() + dlq.size(), "every input record is in the output or in the DLQ");
        assertEquals(good, out.size());
        assertEquals(bad, dlq.size());
        for (DecodedRecord r : out) {
            if (r.value != null) {
                assertLoadedFromPluginPath(r.header("probe.loader"));
            } else {
                assertEquals(99L, r.key);
            }
        }
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            Map<String, String> h = ConnectRuntime.headers(r);
            String msg = h.get("__connect.errors.exception.message");
            // a DataException in the project's format: the kernel's TransformException
            assertEquals("io.cdckit.core.transform.TransformException", h.get("__connect.errors.exception.class.name"));
            assertTrue(msg.startsWith("LoaderProbe.Value: expected a string, got Long (field 'after.email') [topic 'sink-in', partition 0, offset "),
                    msg);
            assertFalse(msg.contains("5551234"), "the message never holds the field's value");
            assertEquals(PROBE_VALUE, h.get("__connect.errors.class.name"));
            assertEquals("TRANSFORMATION", h.get("__connect.errors.stage"));
            assertEquals(BAD_ENVELOPE, JsonRecords.decode("sink-in", false, r.value()).schema(),
                    "the DLQ holds the original bytes");
        }
    }

    @Test
    void withoutToleranceABadRecordFailsTheTaskWithTheProbeMessage() throws Exception {
        connect.createTopic("fail-in");
        connect.produce("fail-in", Schema.INT64_SCHEMA, 1L, BAD_ENVELOPE, badEnvelope(1));
        Map<String, String> config = CaptureSinkConnector.config("fail-in", connect.workDir().resolve("capture-fail.jsonl"));
        connect.deploy("capture-fail", probe(config));
        connect.awaitTasksFailed("capture-fail", 1);
        String trace = connect.status("capture-fail").get("tasks").get(0).get("trace").asText();
        connect.delete("capture-fail");
        assertTrue(trace.contains("LoaderProbe.Value: expected a string, got Long (field 'after.email')"), trace);
        assertFalse(trace.contains("5551234"));
    }

    @Test
    void validateThroughRestNamesTheBadKey() {
        Map<String, String> base = new HashMap<>();
        base.put("tasks.max", "1");
        base.put("topics", "any");
        base.put(CaptureSinkConnector.FILE, "unused");
        base.put("name", "validate-me");

        Map<String, String> badPath = probe(base);
        badPath.put("transforms.probe.field", "after..email");
        Map<String, List<String>> errors = connect.validate(CaptureSinkConnector.class.getName(), badPath);
        assertEquals(List.of("transforms.probe.field"), new ArrayList<>(errors.keySet()), errors.toString());
        String msg = errors.get("transforms.probe.field").get(0);
        assertTrue(msg.contains("is not a valid field path"), msg);
        assertTrue(msg.contains("position"), msg);

        Map<String, String> missing = probe(base);
        missing.remove("transforms.probe.field");
        errors = connect.validate(CaptureSinkConnector.class.getName(), missing);
        assertTrue(errors.containsKey("transforms.probe.field"), errors.toString());

        assertEquals(Map.of(), connect.validate(CaptureSinkConnector.class.getName(), probe(base)));
    }
}
