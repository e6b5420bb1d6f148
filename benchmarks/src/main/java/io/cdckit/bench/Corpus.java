package io.cdckit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark input: recorded Debezium events, one record a line in the test kit's
 * {@code RecordLines} format ({@code {"topic","partition","offset","key","value","headers"}}, key and
 * value as {@code JsonConverter} schema'd envelopes), decoded once with Kafka's {@code JsonConverter}
 * ({@code schemas.enable=true}) into {@link SinkRecord}s, as a sink task receives them.
 *
 * <p>The file is found through the system property {@value #PROPERTY} (a path, relative paths
 * resolved against the working directory), else at {@value #DEFAULT_PATH} relative to the project
 * root, looked up from the working directory and its parent (so both the project root and the
 * {@code benchmarks} folder work).
 */
public final class Corpus {

    /** System property naming the corpus file. */
    public static final String PROPERTY = "cdckit.bench.corpus";

    /** Where the recorded PostgreSQL corpus lives, relative to the project root. */
    public static final String DEFAULT_PATH = "smt-core/testkit/src/main/resources/cdckit/fixtures/postgres-debezium.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every record of the file, in file order. */
    public final List<SinkRecord> all;
    /** The data-change events (envelopes with op c, r, u or d), in file order: what is measured. */
    public final List<SinkRecord> events;
    /** Where the records came from, for the log. */
    public final String origin;

    private Corpus(List<SinkRecord> all, String origin) {
        this.all = List.copyOf(all);
        List<SinkRecord> ev = new ArrayList<>();
        for (SinkRecord r : all) {
            if (opOf(r) != null) {
                ev.add(r);
            }
        }
        this.events = List.copyOf(ev);
        this.origin = origin;
    }

    /** Loads the corpus named by {@value #PROPERTY}, or the default file. */
    public static Corpus load() {
        Path file = locate();
        try {
            return fromLines(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus " + file, e);
        }
    }

    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("corpus file " + p.toAbsolutePath() + " (from -D" + PROPERTY
                        + ") does not exist");
            }
            return p;
        }
        for (String candidate : new String[]{DEFAULT_PATH, "../" + DEFAULT_PATH}) {
            Path p = Paths.get(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("corpus file " + DEFAULT_PATH + " not found from "
                + Paths.get("").toAbsolutePath() + "; run from the project root or set -D" + PROPERTY + "=<file>");
    }

    /** Decodes lines in the {@code RecordLines} format (blank lines are skipped). */
    public static Corpus fromLines(List<String> lines, String origin) {
        JsonConverter keys = converter(true);
        JsonConverter values = converter(false);
        List<SinkRecord> out = new ArrayList<>(lines.size());
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(decode(MAPPER.readTree(line), keys, values));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot decode line " + lineNo + " of " + origin, e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the corpus " + origin + " holds no records");
        }
        return new Corpus(out, origin);
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "true"), isKey);
        return c;
    }

    private static SinkRecord decode(JsonNode n, JsonConverter keys, JsonConverter values) {
        String topic = n.get("topic").asText();
        int partition = Math.max(0, n.path("partition").asInt(0));
        long offset = n.path("offset").asLong(-1);
        SchemaAndValue k = envelope(keys, topic, n.get("key"));
        SchemaAndValue v = envelope(values, topic, n.get("value"));
        ConnectHeaders headers = new ConnectHeaders();
        JsonNode h = n.get("headers");
        if (h != null && h.isObject()) {
            for (Map.Entry<String, JsonNode> e : h.properties()) {
                headers.addString(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        }
        long timestamp = 1_700_000_000_000L + Math.max(0, offset);
        return new SinkRecord(topic, partition, k.schema(), k.value(), v.schema(), v.value(), offset,
                timestamp, TimestampType.CREATE_TIME, headers);
    }

    private static SchemaAndValue envelope(JsonConverter c, String topic, JsonNode node) {
        if (node == null || node.isNull()) {
            return SchemaAndValue.NULL;
        }
        if (!(node.isObject() && node.has("schema") && node.has("payload"))) {
            throw new IllegalStateException("expected a schema'd JsonConverter envelope {schema, payload}");
        }
        return c.toConnectData(topic, node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The op code of a Debezium data-change event (c, r, u, d), or null for anything else. */
    static String opOf(SinkRecord r) {
        Schema s = r.valueSchema();
        if (!(r.value() instanceof Struct) || s == null || s.name() == null || !s.name().endsWith(".Envelope")
                || s.field("op") == null) {
            return null;
        }
        Object op = ((Struct) r.value()).get("op");
        return "c".equals(op) || "r".equals(op) || "u".equals(op) || "d".equals(op) ? (String) op : null;
    }

    /** A copy of {@code r} with a headers object of its own (the header entries are immutable and shared). */
    static SinkRecord copy(SinkRecord r) {
        return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                r.timestamp(), r.headers().duplicate());
    }

    /** One line for the log: counts by op, tables, header names. */
    public String describe() {
        Map<String, Integer> ops = new TreeMap<>();
        Map<String, Integer> tables = new TreeMap<>();
        for (SinkRecord r : events) {
            ops.merge(opOf(r), 1, Integer::sum);
            tables.merge(r.valueSchema().name(), 1, Integer::sum);
        }
        return String.format("corpus %s: %d records, %d data-change events (ops %s; schemas %s; %d headers on the "
                + "first event)", origin, all.size(), events.size(), ops, tables,
                events.isEmpty() ? 0 : events.get(0).headers().size());
    }
}
