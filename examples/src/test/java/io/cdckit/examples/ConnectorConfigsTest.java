package io.cdckit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdckit.smt.unwrap.Unwrap;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The example connector configurations in {@code examples/connectors/}: valid JSON bodies for
 * {@code PUT /connectors/<name>/config}, holding what they claim, with every transform's and
 * converter's settings valid against its own {@code ConfigDef}, and placeholders for hosts, ports
 * and credentials. ({@code ExampleConnectorsIT} runs them.)
 */
class ConnectorConfigsTest {

    static final Path DIR = Path.of("connectors");
    static final String UNWRAP = "io.cdckit.smt.unwrap.Unwrap";
    static final String POSTGRES = "io.debezium.connector.postgresql.PostgresConnector";
    static final String AVRO = "io.cdckit.converters.avro.AvroConverter";
    static final ObjectMapper JSON = new ObjectMapper();

    /** What each file claims to be: the entries it must hold (and the README describes). */
    static final Map<String, Map<String, String>> CLAIMS = new LinkedHashMap<>();

    static {
        CLAIMS.put("source-postgres-unwrap.json", Map.of(
                "connector.class", POSTGRES,
                "transforms", "unwrap",
                "transforms.unwrap.type", UNWRAP));
        CLAIMS.put("source-postgres-unwrap-rewrite.json", Map.of(
                "connector.class", POSTGRES,
                "transforms", "unwrap",
                "transforms.unwrap.type", UNWRAP,
                "transforms.unwrap.delete.tombstone.handling.mode", "rewrite",
                "transforms.unwrap.add.fields", "op,table,lsn,source.ts_ms",
                "transforms.unwrap.add.headers", "op,db,table"));
        CLAIMS.put("source-postgres-unwrap-timestamps.json", Map.of(
                "connector.class", POSTGRES,
                "transforms", "times,unwrap",
                "transforms.times.type", "io.cdckit.smt.time.TimestampNormalizer$Value",
                "transforms.times.date.target.type", "iso",
                "transforms.times.record.timestamp.field", "$envelope.source.ts_ms",
                "transforms.unwrap.type", UNWRAP,
                "transforms.unwrap.add.fields", "source.ts_ms"));
        CLAIMS.put("source-postgres-raw.json", Map.of(
                "connector.class", POSTGRES,
                "topic.prefix", "shop"));
        CLAIMS.put("sink-jdbc-unwrap-dlq.json", Map.of(
                "topics", "shop.shop.customers",
                "transforms", "unwrap",
                "transforms.unwrap.type", UNWRAP,
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "dlq.shop.customers",
                "errors.deadletterqueue.context.headers.enable", "true"));
        CLAIMS.put("source-postgres-raw-schemaless.json", Map.of(
                "connector.class", POSTGRES,
                "topic.prefix", "shop-json",
                "key.converter.schemas.enable", "false",
                "value.converter.schemas.enable", "false"));
        CLAIMS.put("sink-elasticsearch-unwrap-schemaless.json", Map.of(
                "topics", "shop-json.shop.customers",
                "key.converter.schemas.enable", "false",
                "value.converter.schemas.enable", "false",
                "transforms", "unwrap,id",
                "transforms.unwrap.type", UNWRAP,
                "errors.tolerance", "all"));
        CLAIMS.put("source-postgres-avro.json", Map.of(
                "connector.class", POSTGRES,
                "topic.prefix", "shop-avro",
                "key.converter", AVRO,
                "key.converter.schema.registry.url", "<schema-registry-url>",
                "value.converter", AVRO,
                "value.converter.schema.registry.url", "<schema-registry-url>",
                "errors.retry.timeout", "-1",
                "errors.retry.delay.max.ms", "30000"));
        CLAIMS.put("source-postgres-avro-mem.json", Map.of(
                "connector.class", POSTGRES,
                "topic.prefix", "shop-avro-mem",
                "key.converter", AVRO,
                "key.converter.schema.registry.url", "mem://shop",
                "value.converter", AVRO,
                "value.converter.schema.registry.url", "mem://shop"));
        CLAIMS.put("sink-jdbc-unwrap-avro.json", Map.of(
                "topics", "shop-avro.shop.customers",
                "key.converter", AVRO,
                "value.converter", AVRO,
                "value.converter.schema.registry.url", "<schema-registry-url>",
                "value.converter.read.schema", "latest",
                "transforms", "unwrap",
                "transforms.unwrap.type", UNWRAP,
                "errors.retry.timeout", "120000",
                "errors.retry.delay.max.ms", "10000"));
        CLAIMS.put("sink-jdbc-unwrap-avro-mem.json", Map.of(
                "topics", "shop-avro-mem.shop.customers",
                "key.converter", AVRO,
                "value.converter", AVRO,
                "value.converter.schema.registry.url", "mem://shop",
                "value.converter.read.schema", "latest",
                "transforms", "unwrap",
                "transforms.unwrap.type", UNWRAP));
    }

    static Stream<String> files() {
        return CLAIMS.keySet().stream();
    }

    @Test
    void everyFileInTheFolderIsCovered() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            Set<String> present = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(CLAIMS.keySet()), present);
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void holdsWhatItClaims(String file) throws IOException {
        Map<String, String> config = read(file);
        CLAIMS.get(file).forEach((k, v) -> assertEquals(v, config.get(k), file + ": " + k));
        assertEquals("1", config.get("tasks.max"), file);
        assertFalse(config.containsKey("name"), file + ": the body of PUT /connectors/<name>/config names no connector");
    }

    @ParameterizedTest
    @MethodSource("files")
    void connectorSettingsValidate(String file) throws IOException {
        Map<String, String> config = read(file);
        boolean sink = config.containsKey("topics");
        ConfigDef def = sink ? SinkConnectorConfig.configDef()
                : SourceConnectorConfig.embedDefaultGroup(SourceConnectorConfig.configDef()); // with topic.creation.default.*
        assertNoErrors(file + " (Connect)", def, config);
        if (sink) {
            SinkConnectorConfig.validate(config);
        }
        if (POSTGRES.equals(config.get("connector.class"))) {
            // Debezium's own field validators (what its validate endpoint runs before trying to connect)
            List<String> errors = new ArrayList<>();
            Configuration.from(filled(config)).validate(PostgresConnectorConfig.ALL_FIELDS).forEach((k, v) ->
                    v.errorMessages().forEach(m -> errors.add(k + ": " + m)));
            assertEquals(List.of(), errors, file + " (Debezium)");
            assertTrue(config.get("slot.name").matches("[a-z0-9_]+"), file + ": slot name");
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void transformSettingsValidateAgainstTheTransformsConfigDef(String file) throws Exception {
        Map<String, String> config = read(file);
        String aliases = config.get("transforms");
        if (aliases == null) {
            assertTrue(config.keySet().stream().noneMatch(k -> k.startsWith("transforms.")), file);
            return;
        }
        for (String alias : aliases.split(",")) {
            String prefix = "transforms." + alias.trim() + ".";
            String type = config.get(prefix + "type");
            assertTrue(type != null && !type.isBlank(), file + ": no " + prefix + "type");
            Map<String, String> props = new LinkedHashMap<>();
            config.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                    props.put(k.substring(prefix.length()), v);
                }
            });
            Transformation<SinkRecord> t = newTransform(type);
            try {
                assertNoErrors(file + " " + prefix + "*", t.config(), props);
                t.configure(props); // also the cross-option checks done at configure()
            } finally {
                t.close();
            }
        }
    }

    /**
     * The converters' settings, with the {@code key.converter.} / {@code value.converter.} prefix
     * removed and the placeholders filled in, validate against the converter's own {@code ConfigDef}
     * and pass its {@code configure()}.
     */
    @ParameterizedTest
    @MethodSource("files")
    void converterSettingsValidateAgainstTheConvertersConfigDef(String file) throws Exception {
        Map<String, String> config = filled(read(file));
        for (String side : List.of("key", "value")) {
            String prefix = side + ".converter.";
            String type = config.get(side + ".converter");
            if (type == null) {
                assertTrue(config.keySet().stream().noneMatch(k -> k.startsWith(prefix)), file + ": " + prefix
                        + "* without " + side + ".converter");
                continue;
            }
            Map<String, String> props = new LinkedHashMap<>();
            config.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    props.put(k.substring(prefix.length()), v);
                }
            });
            Converter converter = (Converter) Class.forName(type).getDeclaredConstructor().newInstance();
            try {
                assertNoErrors(file + " " + prefix + "*", converter.config(), props);
                converter.configure(props, side.equals("key"));
            } finally {
                if (converter instanceof AutoCloseable) {
                    ((AutoCloseable) converter).close();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void placeholdersForHostsPortsAndCredentials(String file) throws IOException {
        Map<String, String> config = read(file);
        config.forEach((k, v) -> {
            assertFalse(v.matches("^(/|~|[A-Za-z]:\\\\).*"), file + ": " + k + " is a machine path");
            if (k.endsWith("password") || k.endsWith(".user") || k.endsWith(".username")) {
                assertTrue(v.matches("<[a-z-]+>"), file + ": " + k + " must be a placeholder");
            }
            if (k.endsWith(".port")) {
                assertTrue(v.matches("<[a-z-]+-port>"), file + ": " + k + " must be a port placeholder");
            }
            if (k.endsWith("hostname")) {
                assertTrue(v.matches("<[a-z-]+-host>"), file + ": " + k + " must be a host placeholder");
            }
            if (k.endsWith(".url")) {
                // a host (and port) placeholder in the URL, a placeholder for the whole URL, or an in-process registry
                assertTrue(v.matches(".*://<[a-z-]+-host>:<[a-z-]+-port>(/.*)?") || v.matches("<[a-z-]+-url>")
                        || v.matches("mem://[a-z0-9-]+"), file + ": " + k + " must use placeholders: " + v);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Transformation<SinkRecord> newTransform(String type) throws Exception {
        if (UNWRAP.equals(type)) {
            return new Unwrap<>();
        }
        return (Transformation<SinkRecord>) Class.forName(type).getDeclaredConstructor().newInstance();
    }

    /**
     * The configuration with its placeholders filled in as a user would: {@code <x-url>} with a
     * registry URL, {@code <x-host>} with a host name, {@code <x-port>} with a port number, the others
     * (users, passwords) with a word.
     */
    private static Map<String, String> filled(Map<String, String> config) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, v.replaceAll("<[a-z-]+-url>", "http://registry.example.com:8081")
                .replaceAll("<[a-z-]+-host>", "db.example.com")
                .replaceAll("<[a-z-]+-port>", "5432")
                .replaceAll("<[a-z-]+>", "secret")));
        return out;
    }

    /** No error on any key the configuration sets (keys it leaves to defaults are not its business). */
    private static void assertNoErrors(String what, ConfigDef def, Map<String, String> props) {
        List<String> errors = new ArrayList<>();
        for (ConfigValue v : def.validate(props)) {
            if (props.containsKey(v.name())) {
                v.errorMessages().forEach(m -> errors.add(v.name() + ": " + m));
            }
        }
        if (!errors.isEmpty()) {
            fail(what + ": " + errors);
        }
    }

    static Map<String, String> read(String file) throws IOException {
        JsonNode root = JSON.readTree(DIR.resolve(file).toFile());
        assertTrue(root.isObject(), file + " is not a JSON object");
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            assertTrue(e.getValue().isTextual(), file + ": " + e.getKey() + " must be a JSON string");
            config.put(e.getKey(), e.getValue().asText());
        }
        return config;
    }
}
