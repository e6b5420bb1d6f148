package io.cdckit.smt.mapping;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.cdckit.smt.mapping.FieldMapperStepsTest.map;
import static io.cdckit.smt.mapping.FieldMapperTest.ROW;
import static io.cdckit.smt.mapping.FieldMapperTest.props;
import static io.cdckit.smt.mapping.FieldMapperTest.record;
import static io.cdckit.smt.mapping.FieldMapperTest.row;
import static io.cdckit.smt.mapping.FieldMapperTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cross-key rules of FieldMapper's configuration: each mistake fails {@code configure()} on the
 * key it concerns, and {@code ConfigDef.validate} reports it there and on no other key.
 */
class FieldMapperRulesTest {

    /** The errors {@code ConfigDef.validate} gives, by key (without the keys that have none). */
    static Map<String, List<String>> validate(Map<String, String> config) {
        return FieldMapper.CONFIG_DEF.validate(config).stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    /** {@code kv} fails on {@code key} alone, with a message holding {@code fragment}, in configure and validate. */
    static void rejected(String key, String fragment, String... kv) {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> value(kv));
        assertTrue(e.getMessage().contains("for configuration " + key + ": ") && e.getMessage().contains(fragment),
                e.getMessage());
        Map<String, List<String>> errors = validate(props(kv));
        assertEquals(List.of(key), List.copyOf(errors.keySet()), "on " + key + " alone: " + errors);
        assertTrue(errors.get(key).stream().anyMatch(m -> m.contains(fragment)), errors.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOut(SinkRecord r) {
        return (Map<String, Object>) r.value();
    }

    // ------------------------------------------------------------------ $envelope. paths

    @Test
    void envelopePathsAreOnlyInsertSources() {
        String only = "$envelope. paths are only insert sources";
        rejected("keep", only, "keep", "id,$envelope.after.id");
        rejected("include", only, "include", "$envelope.source");
        rejected("drop", only, "drop", "$envelope.after.email");
        rejected("exclude", only, "exclude", "$envelope.source.ts_ms");
        rejected("rename", only, "rename", "$envelope.op:operation");
        rejected("renames", only, "renames", "$envelope.op:operation");
        rejected("move", "entry 'email:$envelope.email': " + only, "move", "email:$envelope.email");
        rejected("move", only, "move", "$envelope.source.ts_ms:ts");
        rejected("copy", only, "copy", "$envelope.source.ts_ms:ts");
        rejected("copy", only, "copy", "id:$envelope.id");
        rejected("cast", only, "cast", "$envelope.ts_ms:string");
        // as an insert source it reads the envelope
        Struct v = (Struct) value("insert", "op:$envelope.op").apply(record(ROW, row(1))).value();
        assertNull(v.schema().field("op"), "a plain row has no envelope");
    }

    // ------------------------------------------------------------------ [*] at the end of keep and drop

    @Test
    void keepAndDropEntriesNameFieldsNotTheElementsOfAnArray() {
        String elements = "entry 'items[*]' names the elements of an array; name a field inside them, e.g. "
                + "items[*].sku, or the array itself";
        rejected("drop", elements, "drop", "items[*]");
        rejected("exclude", elements, "exclude", "email,items[*]");
        rejected("keep", elements, "keep", "id,items[*]");
        rejected("include", elements, "include", "items[*]");
        rejected("drop", "entry 'm[*][*]' names the elements", "drop", "m[*][*]");
        // the array itself, or a field inside its elements
        FieldMapper.Value<SinkRecord> t = value("drop", "items[*].qty", "keep", "id,items");
        Struct v = (Struct) t.apply(record(ROW, row(1))).value();
        assertEquals(List.of("id", "items"), v.schema().fields().stream().map(f -> f.name()).toList());
        assertEquals(List.of("sku"), v.schema().field("items").schema().valueSchema().fields().stream()
                .map(f -> f.name()).toList());
        Map<String, Object> m = mapOut(t.apply(record(null, map(1))));
        assertEquals(Map.of("id", 1L, "items", List.of(Map.of("sku", "a-1"))), m);
    }

    // ------------------------------------------------------------------ targets inside targets

    @Test
    void aTargetInsideAnotherEntrysTargetIsAnErrorOnTheLaterEntrysKey() {
        rejected("move", "entry 'email:addr.email' adds inside 'addr', which entry 'address:addr' adds as a whole",
                "move", "address:addr,email:addr.email");
        rejected("move", "entry 'address:addr' adds 'addr' as a whole, inside which entry 'email:addr.email' adds "
                + "'addr.email'", "move", "email:addr.email,address:addr");
        rejected("insert", "entry 'addr.tag:x' adds inside 'addr', which entry 'address:addr' adds as a whole",
                "move", "address:addr", "insert", "addr.tag:x");
        rejected("copy", "entry 'email:addr.email' adds inside 'addr', which entry 'address:addr' adds as a whole",
                "move", "address:addr", "copy", "email:addr.email");
        rejected("insert", "entry 'home:x' adds 'home' as a whole, inside which entry 'address.city:home.city' adds",
                "copy", "address.city:home.city", "insert", "home:x");
        // two targets in one new struct: each adds a field of it, Struct and Map rows alike
        FieldMapper.Value<SinkRecord> t = value("move", "email:contact.email", "copy", "id:contact.id",
                "insert", "contact.tag:x");
        Struct v = (Struct) t.apply(record(ROW, row(4))).value();
        assertEquals("ada@example.com", v.getStruct("contact").get("email"));
        assertEquals(4L, v.getStruct("contact").get("id"));
        assertEquals("x", v.getStruct("contact").get("tag"));
        assertEquals(Map.of("email", "ada@example.com", "id", 4L, "tag", "x"),
                mapOut(t.apply(record(null, map(4)))).get("contact"));
    }

    // ------------------------------------------------------------------ fields keep or drop removed

    @Test
    void anEntryNamingAFieldKeepOrDropRemovedIsAnErrorNamingBoth() {
        rejected("rename", "entry 'email:mail' names 'email', which drop entry 'email' removes before rename runs",
                "drop", "email", "rename", "email:mail");
        rejected("renames", "entry 'email:mail' names 'email', which exclude entry 'email' removes before rename runs",
                "exclude", "email", "renames", "email:mail");
        rejected("move", "entry 'address:addr' names 'address', which keep 'id' leaves out before move runs",
                "keep", "id", "move", "address:addr");
        rejected("move", "entry 'address.city:city' names 'address.city', which drop entry 'address' removes (with "
                + "the struct it is in) before move runs", "drop", "address", "move", "address.city:city");
        rejected("move", "entry 'addr.zip:zip' names 'addr.zip' ('address.zip' in the input row), which drop entry "
                + "'address.zip' removes before move runs",
                "rename", "address:addr", "drop", "address.zip", "move", "addr.zip:zip");
        rejected("copy", "entry 'address.city:c' names 'address.city', which include 'id,address.zip' leaves out "
                + "before copy runs", "include", "id,address.zip", "copy", "address.city:c");
        rejected("cast", "entry 'created_at:string' names 'created_at', which drop entry '*_at' removes before cast "
                + "runs", "drop", "*_at", "cast", "created_at:string");
        rejected("cast", "entry 'items[*].qty:string' names 'items[*].qty', which keep 'items[*].sku' leaves out",
                "keep", "items[*].sku", "cast", "items[*].qty:string");
        rejected("rename", "which drop entry 'items' removes (with the struct it is in)", "drop", "items",
                "rename", "items[*].sku:code");
    }

    @Test
    void entriesOnFieldsKeepAndDropLeaveWorkOnStructAndMapRows() {
        // a target onto a dropped name, a field inside a kept struct, a cast of a move's target, a copy of it
        FieldMapper.Value<SinkRecord> t = value("keep", "id,email,address", "drop", "email",
                "move", "address.city:email", "copy", "email:city", "cast", "id:string, city:string");
        Struct v = (Struct) t.apply(record(ROW, row(5))).value();
        assertEquals(List.of("id", "address", "email", "city"), v.schema().fields().stream().map(f -> f.name()).toList());
        assertEquals("5", v.get("id"));
        assertEquals("Lyon", v.get("email"));
        assertEquals("Lyon", v.get("city"));
        Map<String, Object> m = mapOut(t.apply(record(null, map(5))));
        assertEquals(List.of("id", "address", "email", "city"), List.copyOf(m.keySet()));
        assertEquals("5", m.get("id"));
        assertEquals("Lyon", m.get("email"));
        assertEquals("Lyon", m.get("city"));
        assertEquals(Map.of("zip", "69001"), m.get("address"));
    }

    // ------------------------------------------------------------------ validate never throws

    @Test
    void validateReportsATargetThatIsNoPathOnItsKey() {
        for (String key : List.of("move", "copy")) {
            Map<String, List<String>> errors = validate(Map.of(key, "a:b..c"));
            assertEquals(List.of(key), List.copyOf(errors.keySet()), errors.toString());
            assertTrue(errors.get(key).get(0).contains("the target is not a field path"), errors.toString());
            rejected(key, "the target is not a field path", key, "a:b..c", "insert", "x:$topic");
        }
        assertFalse(validate(Map.of("move", "a:b..c", "copy", "d:e", "insert", "b:$topic")).containsKey("copy"));
    }
}
