package io.cdckit.bench;

import io.cdckit.smt.routing.OutboxRouter;
import io.cdckit.testkit.Envelopes;
import io.debezium.transforms.outbox.EventRouter;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The configurations {@link OutboxBenchmark} measures (both routers get the same map), the outbox
 * events it measures them on, and the check that both give the same records for them.
 *
 * <p>The events: {@value #EVENTS} inserts into an outbox table {@code public.outboxevent}
 * ({@code id uuid}, {@code aggregatetype}, {@code aggregateid}, {@code type}, {@code payload jsonb},
 * {@code created timestamp}, {@code tenant}) as Debezium's PostgreSQL connector writes them, source
 * records with its four context headers; three aggregate types; the payload an order of 1 to 3
 * line items, a customer, tags and a note that is null in one event of six (two shapes of JSON
 * document).
 */
public enum OutboxScenario {

    /** Empty config: topic from aggregatetype, key aggregateid, the payload text as value, the id header. */
    DEFAULT("default", "outboxDefault", "defaults: payload text", Map.of()),

    /** A header and two envelope fields: the value is a struct of the payload and the fields. */
    ENVELOPE("envelope", "outboxEnvelope", "type:header:eventType, tenant and aggregateid in the envelope",
            Map.of("table.fields.additional.placement", "type:header:eventType,tenant:envelope,aggregateid:envelope:agg")),

    /** JSON payloads expanded into Connect data. */
    EXPAND("expand", "outboxExpandJson", "table.expand.json.payload=true", Map.of("table.expand.json.payload", "true"));

    /** How many distinct events the ring is made of. */
    static final int EVENTS = 64;
    /** The headers either router adds (Debezium to its input's). */
    static final List<String> ADDED_HEADERS = List.of("id", "eventType");

    private static final String TOPIC = "pg.public.outboxevent";
    private static final Schema ROW = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
            .field("id", SchemaBuilder.string().name("io.debezium.data.Uuid").version(1).build())
            .field("aggregatetype", Schema.STRING_SCHEMA)
            .field("aggregateid", Schema.STRING_SCHEMA)
            .field("type", Schema.STRING_SCHEMA)
            .field("payload", SchemaBuilder.string().optional().name("io.debezium.data.Json").version(1).build())
            .field("created", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).build())
            .field("tenant", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema ENVELOPE_SCHEMA = Envelopes.envelopeSchema(TOPIC, ROW);
    private static final Schema KEY = SchemaBuilder.struct().name(TOPIC + ".Key").field("id", ROW.field("id").schema())
            .build();
    private static final String[] TYPES = {"Order", "Customer", "Shipment"};

    /** The name used in tables. */
    public final String label;
    /** The benchmark method measuring it. */
    public final String method;
    /** What it configures, for the table. */
    public final String description;
    /** The routers' configuration. */
    public final Map<String, String> config;

    OutboxScenario(String label, String method, String description, Map<String, String> config) {
        this.label = label;
        this.method = method;
        this.description = description;
        this.config = config;
    }

    /** The scenario measured by a benchmark method, or null. */
    public static OutboxScenario ofMethod(String method) {
        for (OutboxScenario s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        return null;
    }

    /**
     * A router of {@code impl} ({@link Impl}'s labels: {@code cdckit} is OutboxRouter, {@code debezium}
     * Debezium's EventRouter, {@code baseline} returns its input) configured for this scenario.
     */
    Transformation<SourceRecord> router(Impl impl) {
        Transformation<SourceRecord> t = switch (impl) {
            case CDCKIT -> new OutboxRouter<>();
            case DEBEZIUM -> new EventRouter<>();
            case BASELINE -> new Impl.Identity<>();
        };
        t.configure(config);
        return t;
    }

    /** The events, made afresh (deterministic). */
    static List<SourceRecord> events() {
        List<SourceRecord> out = new ArrayList<>();
        for (int n = 0; n < EVENTS; n++) {
            String type = TYPES[n % TYPES.length];
            Struct row = new Struct(ROW)
                    .put("id", new UUID(0x4d47e19004024048L, n).toString())
                    .put("aggregatetype", type)
                    .put("aggregateid", "agg-" + (n * 7919 % 1000))
                    .put("type", type + "Created")
                    .put("payload", payload(n))
                    .put("created", 1_714_000_000_123_456L + n * 1_000L)
                    .put("tenant", "tenant-" + n % 5);
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("__debezium.context.connectorLogicalName", "pg");
            headers.addString("__debezium.context.taskId", "0");
            headers.addString("__debezium.context.connectorName", "postgresql");
            headers.addString("__debezium.context.databaseName", "shop");
            out.add(new SourceRecord(Map.of("server", "pg"), Map.of("lsn", 24_000_000L + n), TOPIC, null, KEY,
                    new Struct(KEY).put("id", row.get("id")), ENVELOPE_SCHEMA,
                    Envelopes.event(ENVELOPE_SCHEMA, "c", null, row, n, true), null, headers));
        }
        return out;
    }

    private static String payload(int n) {
        StringBuilder b = new StringBuilder("{\"orderId\":").append(n)
                .append(",\"customer\":{\"id\":").append(1000 + n % 17).append(",\"name\":\"customer ").append(n % 17)
                .append("\",\"vip\":").append(n % 5 == 0).append("},\"lineItems\":[");
        for (int i = 0; i <= n % 3; i++) {
            b.append(i == 0 ? "" : ",").append("{\"sku\":\"sku-").append(n + i).append("\",\"quantity\":").append(1 + i)
                    .append(",\"price\":").append(9.99 + i).append('}');
        }
        return b.append("],\"placedAt\":\"2024-04-25T10:15:30Z\",\"tags\":[\"web\"").append(n % 4 == 0 ? ",\"promo\"" : "")
                .append("],\"note\":").append(n % 6 == 0 ? "null" : "\"leave at the door\"").append('}').toString();
    }

    /** A copy of {@code r} with a headers object of its own. */
    static SourceRecord copy(SourceRecord r) {
        return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                r.timestamp(), r.headers().duplicate());
    }

    /**
     * Both routers on every event, every scenario: the same records (dropped or not, topic,
     * partition, key, value, both schemas, timestamp, headers), and cdckit's input headers
     * untouched. Debezium's router names the value schema of every envelope after the first
     * aggregate type it saw (it caches the schema by payload schema), so {@link #ENVELOPE}'s events
     * are compared with a new Debezium router's output for each; the others with one router for all,
     * as measured.
     */
    static void checkParity() {
        int compared = 0;
        int expanded = 0;
        for (OutboxScenario s : values()) {
            Transformation<SourceRecord> ours = s.router(Impl.CDCKIT);
            Transformation<SourceRecord> theirs = s.router(Impl.DEBEZIUM);
            for (SourceRecord r : events()) {
                Transformation<SourceRecord> peer = s == ENVELOPE ? s.router(Impl.DEBEZIUM) : theirs;
                SourceRecord expected = peer.apply(copy(r));
                SourceRecord input = copy(r);
                int before = input.headers().size();
                SourceRecord actual = ours.apply(input);
                if (input.headers().size() != before) {
                    throw new AssertionError("cdckit changed its input's headers, outbox " + s.label);
                }
                String diff = ParityCheck.difference(expected, actual);
                if (diff != null) {
                    throw new AssertionError("outbox scenario " + s.label + ", event " + r.sourceOffset()
                            + ": outputs differ in " + diff);
                }
                expanded += actual.value() instanceof Struct v && v.schema().name().equals("payload") ? 1 : 0;
                compared++;
            }
            ours.close();
            theirs.close();
        }
        if (expanded != EVENTS) {
            throw new AssertionError("outbox scenario expand: " + expanded + " of " + EVENTS + " payloads expanded");
        }
        System.out.printf("parity: %d outbox events x %d scenarios, OutboxRouter output identical to Debezium's "
                + "EventRouter (%d comparisons)%n", EVENTS, values().length, compared);
    }
}
