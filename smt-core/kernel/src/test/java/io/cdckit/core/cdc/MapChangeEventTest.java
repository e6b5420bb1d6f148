package io.cdckit.core.cdc;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapChangeEventTest {

    private static Map<String, Object> envelope(String op) {
        Map<String, Object> source = new HashMap<>();
        source.put("connector", "postgresql");
        source.put("db", "inventory");
        source.put("schema", "public");
        source.put("table", "customers");
        source.put("lsn", 24023128L);
        source.put("xmin", null);
        Map<String, Object> before = new HashMap<>();
        before.put("id", 1001);
        before.put("email", "alice@example.com");
        Map<String, Object> after = new HashMap<>(before);
        after.put("email", "alice.jones@example.com");
        Map<String, Object> value = new HashMap<>();
        value.put("op", op);
        value.put("before", before);
        value.put("after", after);
        value.put("source", source);
        value.put("transaction", null);
        value.put("ts_ms", 1_714_000_000_142L);
        return value;
    }

    private static MapChangeEvent detect(Map<?, ?> value) {
        return MapChangeEvent.detectDebezium(value);
    }

    @Test
    void describesASchemalessEnvelope() {
        Map<String, Object> value = envelope("u");
        ChangeEvent event = detect(value);
        assertTrue(event.isSchemaless());
        assertSame(value, event.value());
        assertNull(event.envelopeSchema());
        assertNull(event.schema());
        assertNull(event.rowSchema());
        assertNull(event.sourceSchema());
        assertEquals(Dialect.DEBEZIUM, event.dialect());
    }

    @Test
    void returnsTheMapsOwnObjectsWithoutCopying() {
        Map<String, Object> value = envelope("u");
        ChangeEvent event = detect(value);
        assertSame(value.get("before"), event.before());
        assertSame(value.get("after"), event.after());
        assertSame(value.get("after"), event.row());
        assertSame(value.get("source"), event.source());
        assertNull(event.transaction());
        assertNull(event.message());
        assertNull(event.updateDescription());
    }

    @Test
    void rowFollowsTheOperation() {
        Map<String, Object> value = envelope("d");
        assertSame(value.get("before"), detect(value).row());
        value.put("op", "c");
        assertSame(value.get("after"), detect(value).row());
        value.put("op", "r");
        assertSame(value.get("after"), detect(value).row());
        value.put("op", "t");
        assertNull(detect(value).row());
        value.put("op", "m");
        assertNull(detect(value).row());
        value.put("op", "?");
        assertNull(detect(value).row());
        assertEquals("?", detect(value).opCode());
    }

    @Test
    void readsSourceFields() {
        ChangeEvent event = detect(envelope("c"));
        assertEquals("customers", event.sourceField("table"));
        assertEquals(24023128L, event.sourceField("lsn"));
        assertNull(event.sourceField("xmin"));
        assertNull(event.sourceField("absent"));
        assertNull(event.sourceField(null));
    }

    @Test
    void sourceLookupsThatTheMapRefusesReadAsAbsent() {
        Map<String, Object> value = envelope("c");
        Map<String, Object> sortedSource = new TreeMap<>();
        sortedSource.put("table", "customers");
        value.put("source", sortedSource);
        ChangeEvent event = detect(value);
        assertEquals("customers", event.sourceField("table"));
        // TreeMap refuses null keys with a NullPointerException.
        assertNull(event.sourceField(null));
    }

    @Test
    void convertsIntegralTimestampsToLong() {
        Map<String, Object> value = envelope("c");
        value.put("ts_ms", 1_714_000_000_142L);
        value.put("ts_us", 1_714_000);
        value.put("ts_ns", new BigInteger("1714000000142381907"));
        ChangeEvent event = detect(value);
        assertEquals(1_714_000_000_142L, event.tsMs());
        assertEquals(1_714_000L, event.tsUs());
        assertEquals(1_714_000_000_142_381_907L, event.tsNs());

        value.put("ts_ms", (short) 12);
        value.put("ts_us", (byte) 3);
        event = detect(value);
        assertEquals(12L, event.tsMs());
        assertEquals(3L, event.tsUs());
    }

    @Test
    void absentOrNullTimestampsReadAsNull() {
        Map<String, Object> value = envelope("c");
        value.remove("ts_ms");
        value.put("ts_us", null);
        ChangeEvent event = detect(value);
        assertNull(event.tsMs());
        assertNull(event.tsUs());
        assertNull(event.tsNs());
    }

    @Test
    void wronglyTypedTimestampsFailNamingTheFieldButNotTheValue() {
        assertTimestampError("ts_ms", ChangeEvent::tsMs, "2024-04-25T00:00:00.142Z");
        assertTimestampError("ts_us", ChangeEvent::tsUs, 1.714000000142381E15);
        assertTimestampError("ts_ns", ChangeEvent::tsNs, new BigDecimal("1714000000142381907.5"));
        assertTimestampError("ts_ms", ChangeEvent::tsMs, new BigInteger("98765432109876543210987"));
        assertTimestampError("ts_ms", ChangeEvent::tsMs, Map.of("secret", "alice@example.com"));
    }

    private static void assertTimestampError(String field, Function<ChangeEvent, Long> read, Object bad) {
        Map<String, Object> value = envelope("c");
        value.put(field, bad);
        ChangeEvent event = detect(value);
        DataException e = assertThrows(DataException.class, () -> read.apply(event));
        String message = e.getMessage();
        assertTrue(message.contains("'" + field + "'"), message);
        assertFalse(message.contains(String.valueOf(bad)), message);
        assertFalse(message.contains("alice"), message);
        assertTrue(message.contains(bad.getClass().getName()), message);
    }

    @Test
    void valuesAreThoseAtDetectionTime() {
        Map<String, Object> value = envelope("c");
        Object after = value.get("after");
        ChangeEvent event = detect(value);
        value.put("after", null);
        value.put("op", 5);
        assertSame(after, event.after());
        assertEquals(Operation.CREATE, event.op());
    }

    @Test
    void toStringLeavesOutValues() {
        String text = detect(envelope("u")).toString();
        assertTrue(text.contains("UPDATE"), text);
        assertTrue(text.contains("schemaless"), text);
        assertFalse(text.contains("alice"), text);
        assertFalse(text.contains("customers"), text);
    }

    @Test
    void toLongHandlesNull() {
        assertNull(MapChangeEvent.toLong(null, "ts_ms"));
        assertEquals(Long.MAX_VALUE, MapChangeEvent.toLong(BigInteger.valueOf(Long.MAX_VALUE), "ts_ms"));
        assertEquals(Long.MIN_VALUE, MapChangeEvent.toLong(BigInteger.valueOf(Long.MIN_VALUE), "ts_ms"));
        assertThrows(DataException.class,
                () -> MapChangeEvent.toLong(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), "ts_ms"));
    }
}
