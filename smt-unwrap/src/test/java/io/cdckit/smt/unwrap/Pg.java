package io.cdckit.smt.unwrap;

import io.cdckit.testkit.Envelopes;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PostgreSQL-shaped change events (Debezium 3.7 connector layout) for a {@code customers} table
 * with a column default, numeric, bytea, TOAST-able text, arrays, an hstore map, a micro
 * timestamp and a struct column (for nested paths).
 */
final class Pg {
    static final String TOPIC = "pg.public.customers";

    static final Schema KEY = SchemaBuilder.struct().name(TOPIC + ".Key").field("id", Schema.INT32_SCHEMA).build();

    static final Schema ADDRESS = SchemaBuilder.struct().name(TOPIC + ".address").optional()
            .field("street", Schema.OPTIONAL_STRING_SCHEMA)
            .field("city", Schema.OPTIONAL_STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static final Schema ROW = SchemaBuilder.struct().name(TOPIC + ".Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("active").build())
            .field("balance", Decimal.builder(2).optional().parameter("connect.decimal.precision", "10").build())
            .field("avatar", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("scores", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
            .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("updated_at", SchemaBuilder.int64().optional().name("io.debezium.time.MicroTimestamp").version(1).build())
            .field("address", ADDRESS)
            .build();

    static final List<String> COLUMNS = ROW.fields().stream().map(Field::name).collect(Collectors.toList());

    static final Schema SOURCE = Events.SOURCE;

    static final Schema TX = Events.TX;

    static final Schema ENVELOPE = envelopeSchema(ROW);

    static final Schema HEARTBEAT = Events.HEARTBEAT;

    static final Schema MESSAGE = Events.MESSAGE;

    static final Schema PLAIN_ROW = Events.PLAIN_ROW;

    private Pg() {
    }

    static Schema envelopeSchema(Schema row) {
        return Events.envelope(TOPIC, row);
    }

    static Struct address(String street, String city, String zip) {
        return new Struct(ADDRESS).put("street", street).put("city", city).put("zip", zip);
    }

    /** A fully populated row. */
    static Struct row(int id) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("tier", "gold");
        return new Struct(ROW).put("id", id).put("name", "Ada").put("email", "ada@example.org")
                .put("status", "active").put("balance", new BigDecimal("10.50"))
                .put("avatar", new byte[]{1, 2, 3}).put("notes", "a long text that PostgreSQL keeps in TOAST")
                .put("tags", new ArrayList<>(List.of("vip", "eu"))).put("scores", new ArrayList<>(List.of(7, 9)))
                .put("attrs", attrs).put("updated_at", 1_714_000_000_000_000L)
                .put("address", address("1 Main St", "London", "N1"));
    }

    /** A copy with fresh instances of every mutable value (arrays, lists, maps, structs). */
    static Struct copy(Struct s) {
        return Envelopes.deepCopy(s);
    }

    static Struct source(String snapshot, long lsn) {
        return Envelopes.source("pg", "shop", "customers", "true".equals(snapshot), lsn);
    }

    static Struct envelope(Schema schema, String op, Struct before, Struct after, long lsn) {
        return Envelopes.event(schema, op, before, after, source("r".equals(op) ? "true" : "false", lsn), lsn,
                !"r".equals(op));
    }

    static Struct envelope(String op, Struct before, Struct after, long lsn) {
        return envelope(ENVELOPE, op, before, after, lsn);
    }

    static SourceRecord record(Schema valueSchema, Object value, int id, long lsn) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__debezium.context.connectorLogicalName", "pg");
        headers.addString("__debezium.context.taskId", "0");
        return new SourceRecord(Map.of("server", "pg"), Map.of("lsn", 24_000_000L + lsn), TOPIC, null,
                KEY, new Struct(KEY).put("id", id), valueSchema, value, 1_714_000_001_000L + lsn, headers);
    }

    static SourceRecord update(Struct before, Struct after) {
        return record(ENVELOPE, envelope("u", before, after, 5), after.getInt32("id"), 5);
    }

    static SourceRecord event(String op, Struct before, Struct after) {
        Struct row = after != null ? after : before;
        return record(ENVELOPE, envelope(op, before, after, 3), row == null ? 0 : row.getInt32("id"), 3);
    }

    /** A schemaless (JsonConverter, schemas.enable=false) envelope. */
    static Map<String, Object> mapEnvelope(String op, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("version", "3.7.0.Final");
        source.put("connector", "postgresql");
        source.put("name", "pg");
        source.put("db", "shop");
        source.put("table", "customers");
        source.put("lsn", 24_000_005L);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("before", before);
        e.put("after", after);
        e.put("source", source);
        e.put("op", op);
        e.put("ts_ms", 1_714_000_000_505L);
        return e;
    }

    static Map<String, Object> mapRow(int id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", "Ada");
        m.put("email", "ada@example.org");
        m.put("status", "active");
        m.put("notes", "long text");
        m.put("tags", new ArrayList<>(List.of("vip")));
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", "1 Main St");
        address.put("city", "London");
        m.put("address", address);
        return m;
    }

    static Map<String, Object> mapCopy(Map<String, Object> m) {
        Map<String, Object> o = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) v;
                o.put(k, mapCopy(inner));
            } else if (v instanceof List) {
                o.put(k, new ArrayList<>((List<?>) v));
            } else {
                o.put(k, v);
            }
        });
        return o;
    }

    static SourceRecord schemaless(Object value) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__debezium.context.connectorLogicalName", "pg");
        return new SourceRecord(Map.of("server", "pg"), Map.of("lsn", 1L), TOPIC, null, null, Map.of("id", 1),
                null, value, 1_714_000_001_000L, headers);
    }
}
