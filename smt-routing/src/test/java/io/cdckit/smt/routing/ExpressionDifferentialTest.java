package io.cdckit.smt.routing;

import io.cdckit.testkit.Differential;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.fixtures.Fixtures;
import io.debezium.transforms.ContentBasedRouter;
import io.debezium.transforms.Filter;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * ExpressionFilter and ExpressionRouter against Debezium's Groovy {@code Filter} and
 * {@code ContentBasedRouter} ({@code debezium-scripting} 3.5.0.Final, {@code language=jsr223.groovy}),
 * the same configuration given to both, on the recorded corpus (with schemas and without) and on
 * hand-built events: for every expression the same decision (kept, dropped, the same topic, the
 * record otherwise as it came) for every record, and where Debezium's expression fails on a record,
 * ours fails too (with a DataException naming no value). The expected outcomes are Debezium's, run
 * here. The differences by design are in tests of their own below.
 */
class ExpressionDifferentialTest {

    /** Filter conditions of the kinds users write, with the settings they need. */
    static List<Map<String, String>> conditions() {
        return List.of(
                cfg("condition", "value.op == 'd'"),
                cfg("condition", "value.op != 'r'"),
                cfg("condition", "value.op in ['c', 'u']"),
                cfg("condition", "value.source.table == 'customers'"),
                cfg("condition", "value.source.table != 'audit_log' && value.op != 't'"),
                cfg("condition", "header['__debezium.newkey'] != null || header['__debezium.oldkey'] != null"),
                cfg("condition", "header['__debezium.context.connectorName']?.value == 'postgresql'"),
                cfg("condition", "header.tenant?.value == 'acme'"),
                cfg("condition", "topic ==~ /pg\\.shop\\.(products|customers)/"),
                cfg("condition", "value.after?.email ==~ /.*@example\\.com/", "topic.regex", "pg\\.shop\\.customers"),
                cfg("condition", "value.after?.tier >= 2", "topic.regex", ".*customers"),
                cfg("condition", "value.op == 'u' ? value.after.tier > 1 : true", "topic.regex", ".*customers"),
                cfg("condition", "value.before?.email?.endsWith('@example.com') ?: false", "topic.regex", ".*customers"),
                cfg("condition", "value.after?.status == 'active'", "topic.regex", "pg\\.shop\\.products"),
                cfg("condition", "value.after?.tags?.contains('mug') == true", "topic.regex", "pg\\.shop\\.products"),
                cfg("condition", "(value.source.db + '.' + value.source.table).startsWith('cdckit.p')"),
                cfg("condition", "value.source.snapshot in ['true', 'last', 'first']"),
                cfg("condition", "key?.id != null && key.id % 2 == 0", "topic.regex", "pg\\.shop\\.(products|customers)"),
                cfg("condition", "value == null || value.op == 'd'", "null.handling.mode", "evaluate"),
                cfg("condition", "value.op == 'c'", "null.handling.mode", "drop"),
                cfg("condition", "value.after.status == 'active'"), // fails on other tables, in both
                cfg("condition", "value.op"));                      // not a boolean: both fail
    }

    /** Router expressions of the kinds users write. */
    static List<Map<String, String>> routes() {
        return List.of(
                cfg("topic.expression", "value.op == 'd' ? topic + '.deleted' : null"),
                cfg("topic.expression", "'cdc.' + value.source.table"),
                cfg("topic.expression", "\"${topic}.${value.op}\".toString()"),
                cfg("topic.expression", "value.after?.tier > 2 ? 'vip.' + topic : null", "topic.regex", ".*customers"),
                cfg("topic.expression", "header['__debezium.newkey'] ? topic + '.rekeyed' : null"),
                cfg("topic.expression", "header.tenant ? 'tenant.' + header.tenant.value : null"),
                cfg("topic.expression", "topic.replaceAll(/pg\\.shop\\./, 'shop-')"),
                cfg("topic.expression", "value.source.table in ['products', 'customers'] ? 'catalog.' + value.source.table : null"),
                cfg("topic.expression", "[c: 'creates', u: 'updates', d: 'deletes', r: 'reads'][value.op] ?: topic"),
                cfg("topic.expression", "value.after?.status?.toUpperCase()", "topic.regex", "pg\\.shop\\.products"),
                cfg("topic.expression", "(value.op == 'r' ? 'snapshot.' : 'stream.') + value.source.table"),
                cfg("topic.expression", "value.source.get('schema') + '.' + value.source.table"),
                cfg("topic.expression", "value == null ? topic + '.tombstones' : null", "null.handling.mode", "evaluate"),
                cfg("topic.expression", "topic + '.x'", "null.handling.mode", "drop"),
                cfg("topic.expression", "value.after.id"));         // a number, not a topic: both fail
    }

    static Map<String, String> cfg(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("language", "jsr223.groovy");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The corpus with schemas and without, and the hand-built events. */
    static List<SinkRecord> records() {
        List<SinkRecord> all = new ArrayList<>(Fixtures.records());
        all.addAll(Fixtures.schemalessRecords());
        all.addAll(handBuilt());
        return all;
    }

    static final Schema ROW = SchemaBuilder.struct().name("pg.shop.customers.Value")
            .field("id", Schema.INT32_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tier", Schema.OPTIONAL_INT32_SCHEMA).optional().build();
    static final Schema ENVELOPE = Envelopes.envelopeSchema("pg.shop.customers", ROW);
    static final Schema KEY = SchemaBuilder.struct().name("pg.shop.customers.Key").field("id", Schema.INT32_SCHEMA).build();

    /** Customers events with tenant headers and the shapes the corpus lacks (a null email, a high tier, a map value). */
    static List<SinkRecord> handBuilt() {
        List<SinkRecord> out = new ArrayList<>();
        String[][] rows = {{"c", "10", "x@example.com", "5", "acme"}, {"u", "11", null, "3", "globex"},
                {"d", "12", "old@example.org", null, "acme"}, {"r", "13", "r@example.com", "1", null}};
        long offset = 100;
        for (String[] r : rows) {
            Struct row = new Struct(ROW).put("id", Integer.parseInt(r[1])).put("email", r[2])
                    .put("tier", r[3] == null ? null : Integer.parseInt(r[3]));
            Struct value = Envelopes.event(ENVELOPE, r[0], r[0].equals("d") ? row : null, r[0].equals("d") ? null : row,
                    offset, false);
            ConnectHeaders headers = new ConnectHeaders();
            if (r[4] != null) {
                headers.addString("tenant", r[4]);
            }
            out.add(new SinkRecord("pg.shop.customers", 0, KEY, new Struct(KEY).put("id", Integer.parseInt(r[1])),
                    ENVELOPE, value, offset, 1_714_000_000_000L + offset, TimestampType.CREATE_TIME, headers));
            out.add(new SinkRecord("pg.shop.customers", 0, null, Map.of("id", Integer.parseInt(r[1])), null,
                    Envelopes.schemaless(value), offset, 1_714_000_000_000L + offset, TimestampType.CREATE_TIME,
                    headers));
            offset++;
        }
        return out;
    }

    static Stream<Arguments> filters() {
        return conditions().stream().map(c -> Arguments.of(c.get("condition"), c));
    }

    static Stream<Arguments> routers() {
        return routes().stream().map(c -> Arguments.of(c.get("topic.expression"), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void theSameDecisionsAsDebeziumsFilter(String condition, Map<String, String> config) {
        Filter<SinkRecord> debezium = new Filter<>();
        debezium.configure(config);
        ExpressionFilter<SinkRecord> ours = new ExpressionFilter<>();
        ours.configure(config);
        compare(ours, debezium, condition);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routers")
    void theSameTopicsAsDebeziumsContentBasedRouter(String expression, Map<String, String> config) {
        ContentBasedRouter<SinkRecord> debezium = new ContentBasedRouter<>();
        debezium.configure(config);
        ExpressionRouter<SinkRecord> ours = new ExpressionRouter<>();
        ours.configure(config);
        compare(ours, debezium, expression);
    }

    @Test
    void atLeastFifteenExpressionsOfEachKind() {
        assertTrue(conditions().size() >= 15 && routes().size() >= 15);
    }

    /** Ours against Debezium's on every record: the same output, or both fail. */
    static void compare(Transformation<SinkRecord> ours, Transformation<SinkRecord> debezium, String expression) {
        int same = 0;
        int failed = 0;
        Map<String, Integer> outcomes = new HashMap<>();
        List<SinkRecord> records = records();
        for (int i = 0; i < records.size(); i++) {
            SinkRecord r = records.get(i);
            String where = expression + ", record " + i + " (" + r.topic() + " offset " + r.kafkaOffset()
                    + (r.valueSchema() == null ? ", schemaless" : "") + ")";
            SinkRecord expected;
            try {
                expected = debezium.apply(Envelopes.copy(r));
            } catch (RuntimeException theirs) {
                DataException e = assertThrows(DataException.class, () -> ours.apply(Envelopes.copy(r)),
                        "Debezium fails (" + theirs.getClass().getSimpleName() + "), so must ours: " + where);
                assertTrue(e.getMessage().contains(expression), e.getMessage());
                failed++;
                continue;
            }
            SinkRecord actual;
            try {
                actual = ours.apply(Envelopes.copy(r));
            } catch (DataException e) {
                fail("ours fails where Debezium gives " + (expected == null ? "a drop" : expected.topic()) + ": "
                        + where + ": " + e.getMessage());
                return;
            }
            Differential.assertSameRecord(expected, actual, where);
            outcomes.merge(expected == null ? "dropped" : expected.topic(), 1, Integer::sum);
            same++;
        }
        assertEquals(records.size(), same + failed);
        if (!expression.equals("value.op") && !expression.equals("value.after.id")) {
            assertTrue(outcomes.size() >= 2, "the expression decides something: " + expression + " " + outcomes);
        }
        ours.close();
        debezium.close();
    }

    // ------------------------------------------------------------------ the differences, by design

    /** A GString is a text to Groovy users but not a String to Debezium's router, which fails on it; ours routes. */
    @Test
    void aGStringTopicRoutesInOursAndFailsInDebeziums() {
        Map<String, String> config = cfg("topic.expression", "\"${topic}.${value.op}\"");
        ContentBasedRouter<SinkRecord> debezium = new ContentBasedRouter<>();
        debezium.configure(config);
        ExpressionRouter<SinkRecord> ours = new ExpressionRouter<>();
        ours.configure(config);
        SinkRecord r = Fixtures.records().get(0);
        assertThrows(RuntimeException.class, () -> debezium.apply(Envelopes.copy(r)));
        assertEquals("pg.shop.products.r", ours.apply(Envelopes.copy(r)).topic());
    }

    /**
     * A failing expression: Debezium's message holds the record, values included; ours names the
     * transform, the key, the expression and where the record is.
     */
    @Test
    void aFailureNamesTheExpressionNotTheValues() {
        Map<String, String> config = cfg("condition", "value.after.nope == 1");
        Filter<SinkRecord> debezium = new Filter<>();
        debezium.configure(config);
        ExpressionFilter<SinkRecord> ours = new ExpressionFilter<>();
        ours.configure(config);
        SinkRecord r = Fixtures.records("shop.customers").get(0);
        RuntimeException theirs = assertThrows(RuntimeException.class, () -> debezium.apply(Envelopes.copy(r)));
        assertTrue(theirs.getMessage().contains("ada@example.com"), "Debezium's message holds the email");
        DataException mine = assertThrows(DataException.class, () -> ours.apply(Envelopes.copy(r)));
        assertTrue(mine.getMessage().startsWith("ExpressionFilter: the condition 'value.after.nope == 1' failed: "),
                mine.getMessage());
        assertTrue(mine.getMessage().contains("[topic 'pg.shop.customers'"), mine.getMessage());
        for (Throwable t = mine; t != null; t = t.getCause()) {
            assertTrue(!String.valueOf(t.getMessage()).contains("ada@example.com"), t.toString());
        }
    }

    /**
     * A condition that gives null: Debezium's Filter unboxes it and throws a NullPointerException;
     * ours reports a condition that gave null, not a boolean.
     */
    @Test
    void aNullConditionIsADataError() {
        Map<String, String> config = cfg("condition", "value.after?.phone == null ? null : true",
                "topic.regex", ".*customers");
        Filter<SinkRecord> debezium = new Filter<>();
        debezium.configure(config);
        ExpressionFilter<SinkRecord> ours = new ExpressionFilter<>();
        ours.configure(config);
        SinkRecord grace = Fixtures.records("shop.customers").get(2);
        assertThrows(NullPointerException.class, () -> debezium.apply(Envelopes.copy(grace)));
        DataException e = assertThrows(DataException.class, () -> ours.apply(Envelopes.copy(grace)));
        assertTrue(e.getMessage().contains("gave null, not a boolean"), e.getMessage());
    }
}
