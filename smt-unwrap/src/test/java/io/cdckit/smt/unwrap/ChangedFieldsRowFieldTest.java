package io.cdckit.smt.unwrap;

import io.cdckit.core.cdc.EnvelopeSchema;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.cdckit.smt.unwrap.ChangedFieldsTest.PH;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.afterOf;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.both;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.header;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.names;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.sinkTransform;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.transform;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ChangedFields: changed.field.name in both row images, and schemaless envelopes. */
class ChangedFieldsRowFieldTest {

    @Nested
    class ChangedField {

        ChangedFields<SourceRecord> field() {
            return transform("changed.field.name", "__changed");
        }

        @Test
        void addedToBothRowSchemasAndTheEnvelopeStaysValid() {
            Struct before = Pg.copy(Pg.row(1)).put("status", null);
            Struct after = Pg.copy(before).put("name", "Ada L");
            SourceRecord in = Pg.update(before, after);
            SourceRecord out = field().apply(in);

            Schema schema = out.valueSchema();
            assertEquals(Pg.ENVELOPE.name(), schema.name());
            assertEquals(Pg.ENVELOPE.version(), schema.version());
            assertEquals(Pg.ENVELOPE.fields().stream().map(Field::name).collect(Collectors.toList()),
                    schema.fields().stream().map(Field::name).collect(Collectors.toList()));
            EnvelopeSchema detected = EnvelopeSchema.detect(schema);
            assertNotNull(detected);
            Schema row = schema.field("after").schema();
            assertSame(row, schema.field("before").schema());
            assertEquals(Pg.ROW.name(), row.name());
            assertTrue(row.isOptional());
            Schema f = row.field("__changed").schema();
            assertEquals(Schema.Type.ARRAY, f.type());
            assertTrue(f.isOptional());
            assertEquals(Schema.Type.STRING, f.valueSchema().type());
            assertEquals(Pg.COLUMNS.size() + 1, row.fields().size());

            Struct value = (Struct) out.value();
            value.validate();
            assertEquals(List.of("name"), value.getStruct("after").getArray("__changed"));
            assertNull(value.getStruct("before").get("__changed"));
            // values copied raw: the explicit null stays null, it does not become the default
            assertNull(value.getStruct("after").getWithoutDefault("status"));
            assertEquals("Ada L", value.getStruct("after").get("name"));
            assertEquals(((Struct) in.value()).get("source"), value.get("source"));
            assertEquals(((Struct) in.value()).get("transaction"), value.get("transaction"));
            assertEquals("u", value.get("op"));
            assertEquals(1_714_000_000_505L, value.get("ts_ms"));
            // no headers unless configured; the input is untouched
            assertEquals(2, out.headers().size());
            assertSame(Pg.ENVELOPE, in.valueSchema());
            assertNull(((Struct) in.value()).schema().field("after").schema().field("__changed"));
        }

        @Test
        void everyEventOfTheTableGetsTheSameSchema() {
            ChangedFields<SourceRecord> t = field();
            SourceRecord c = t.apply(Pg.event("c", null, Pg.row(1)));
            SourceRecord r = t.apply(Pg.event("r", null, Pg.row(1)));
            SourceRecord u = t.apply(Pg.update(Pg.row(1), Pg.copy(Pg.row(1))));
            SourceRecord d = t.apply(Pg.event("d", Pg.row(1), null));
            SourceRecord tr = t.apply(Pg.event("t", null, null));
            for (SourceRecord o : List.of(r, u, d, tr)) {
                assertSame(c.valueSchema(), o.valueSchema());
            }
            assertNull(afterOf(c).get("__changed"), "create: nothing compared");
            assertNull(afterOf(r).get("__changed"), "read: nothing compared");
            assertEquals(List.of(), afterOf(u).get("__changed"), "update without changes");
            assertNull(((Struct) d.value()).getStruct("before").get("__changed"));
            assertNull(((Struct) d.value()).get("after"));
            assertNull(((Struct) tr.value()).get("before"));
            assertEquals("t", ((Struct) tr.value()).get("op"));
        }

        @Test
        void withHeadersAndPaths() {
            ChangedFields<SourceRecord> t = transform("changed.field.name", "__changed", "header.changed.name", "changed",
                    "header.unchanged.name", "unchanged", "nested.mode", "paths");
            Struct before = Pg.row(1);
            SourceRecord out = t.apply(Pg.update(before, Pg.copy(before).put("address", Pg.address("2 Side St", "London", "N1"))));
            assertEquals(List.of("address.street"), names(out, "changed"));
            assertEquals(List.of("address.street"), afterOf(out).getArray("__changed"));
            assertFalse(names(out, "unchanged").contains("__changed"));
        }

        @Test
        void runningTwiceOverwritesTheField() {
            SourceRecord once = field().apply(Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "x@y.org")));
            Struct snapshot = Pg.copy((Struct) once.value());
            // the second run sees the field in both images, with different values: it is never compared
            SourceRecord twice = transform("changed.field.name", "__changed", "header.unchanged.name", "unchanged")
                    .apply(once);
            assertEquals(once.valueSchema(), twice.valueSchema());
            assertEquals(List.of("email"), afterOf(twice).getArray("__changed"));
            assertNull(((Struct) twice.value()).getStruct("before").get("__changed"));
            assertEquals(without(Pg.COLUMNS, "email"), names(twice, "unchanged"));
            assertEquals(snapshot, once.value());
        }

        @Test
        void existingFieldOfAnotherTypeIsADataError() {
            Schema row = SchemaBuilder.struct().name("t.Value").optional().field("id", Schema.INT32_SCHEMA)
                    .field("__changed", Schema.OPTIONAL_STRING_SCHEMA).build();
            Schema env = Pg.envelopeSchema(row);
            Struct before = new Struct(row).put("id", 1).put("__changed", "secret-value");
            SinkRecord in = new SinkRecord("orders", 3, null, null, env,
                    Pg.envelope(env, "u", before, Pg.copy(before), 1), 42L);
            ChangedFields<SinkRecord> t = sinkTransform("changed.field.name", "__changed");
            DataException e = assertThrows(DataException.class, () -> t.apply(in));
            assertTrue(e.getMessage().startsWith("ChangedFields: changed.field.name names an existing field"), e.getMessage());
            assertTrue(e.getMessage().contains("(field '__changed')"), e.getMessage());
            assertTrue(e.getMessage().endsWith("[topic 'orders', partition 3, offset 42]"), e.getMessage());
            assertFalse(e.getMessage().contains("secret-value"));
            // the same again for the next record of that schema (the problem is compiled, not retried)
            assertThrows(DataException.class, () -> t.apply(in));
        }
    }

    @Nested
    class Schemaless {

        @Test
        void updateIsComparedLikeAStruct() {
            Map<String, Object> before = Pg.mapRow(1);
            Map<String, Object> after = Pg.mapCopy(before);
            after.put("name", "Ada L");
            after.put("email", null);
            after.put("extra", 1);
            before.put("gone", true);
            Map<String, Object> envelope = Pg.mapEnvelope("u", before, after);
            Map<String, Object> snapshot = Pg.mapCopy(envelope);
            SourceRecord in = Pg.schemaless(envelope);
            SourceRecord out = both().apply(in);
            assertEquals(List.of("name", "email", "extra", "gone"), names(out, "changed"));
            assertEquals(List.of("id", "status", "notes", "tags", "address"), names(out, "unchanged"));
            assertSame(envelope, out.value());
            assertNull(out.valueSchema());
            assertEquals(snapshot, envelope);
            assertEquals(1, in.headers().size());
        }

        @Test
        void otherOperationsGetEmptyLists() {
            for (String op : new String[]{"c", "r", "d", "t"}) {
                Map<String, Object> row = Pg.mapRow(1);
                Map<String, Object> env = Pg.mapEnvelope(op, "d".equals(op) ? row : null,
                        "c".equals(op) || "r".equals(op) ? row : null);
                SourceRecord out = both().apply(Pg.schemaless(env));
                assertEquals(List.of(), names(out, "changed"), op);
                assertEquals(List.of(), names(out, "unchanged"), op);
            }
        }

        @Test
        void nestedMapsInPathsMode() {
            Map<String, Object> before = Pg.mapRow(1);
            Map<String, Object> after = Pg.mapCopy(before);
            @SuppressWarnings("unchecked")
            Map<String, Object> address = (Map<String, Object>) after.get("address");
            address.put("city", "Paris");
            SourceRecord out = transform("header.changed.name", "changed", "header.unchanged.name", "unchanged",
                    "nested.mode", "paths").apply(Pg.schemaless(Pg.mapEnvelope("u", before, after)));
            assertEquals(List.of("address.city"), names(out, "changed"));
            assertEquals(List.of("id", "name", "email", "status", "notes", "tags", "address.street"), names(out, "unchanged"));
            SourceRecord flat = both().apply(Pg.schemaless(Pg.mapEnvelope("u", before, after)));
            assertEquals(List.of("address"), names(flat, "changed"));
        }

        @Test
        void toastPlaceholderAndDecimals() {
            Map<String, Object> before = Pg.mapRow(1);
            before.put("amount", new BigDecimal("1.50"));
            Map<String, Object> after = Pg.mapCopy(before);
            after.put("notes", PH);
            after.put("amount", new BigDecimal("1.5"));
            SourceRecord out = both().apply(Pg.schemaless(Pg.mapEnvelope("u", before, after)));
            assertEquals(List.of(), names(out, "changed"));
            assertTrue(names(out, "unchanged").containsAll(List.of("notes", "amount")));
        }

        @Test
        void changedFieldGoesIntoBothRows() {
            Map<String, Object> before = Pg.mapRow(1);
            Map<String, Object> after = Pg.mapCopy(before);
            after.put("email", "x@y.org");
            Map<String, Object> envelope = Pg.mapEnvelope("u", before, after);
            Map<String, Object> snapshot = Pg.mapCopy(envelope);
            SourceRecord out = transform("changed.field.name", "__changed").apply(Pg.schemaless(envelope));
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) out.value();
            assertEquals(List.of("email"), ((Map<?, ?>) value.get("after")).get("__changed"));
            assertTrue(((Map<?, ?>) value.get("before")).containsKey("__changed"));
            assertNull(((Map<?, ?>) value.get("before")).get("__changed"));
            assertEquals(snapshot, envelope, "input untouched");
            assertEquals(snapshot.get("source"), value.get("source"));

            SourceRecord create = transform("changed.field.name", "__changed")
                    .apply(Pg.schemaless(Pg.mapEnvelope("c", null, Pg.mapRow(2))));
            Map<?, ?> createdRow = (Map<?, ?>) ((Map<?, ?>) create.value()).get("after");
            assertTrue(createdRow.containsKey("__changed"));
            assertNull(createdRow.get("__changed"));
            assertNull(((Map<?, ?>) create.value()).get("before"));
        }

        @Test
        void existingKeyOfAnotherKindIsADataError() {
            Map<String, Object> before = Pg.mapRow(1);
            before.put("__changed", "secret-value");
            SinkRecord in = new SinkRecord("orders", 0, null, null, null,
                    Pg.mapEnvelope("u", before, Pg.mapCopy(before)), 7L);
            DataException e = assertThrows(DataException.class,
                    () -> sinkTransform("changed.field.name", "__changed").apply(in));
            assertTrue(e.getMessage().startsWith("ChangedFields: "), e.getMessage());
            assertTrue(e.getMessage().contains("(field 'after.__changed')"), e.getMessage());
            assertTrue(e.getMessage().endsWith("[topic 'orders', partition 0, offset 7]"), e.getMessage());
            assertFalse(e.getMessage().contains("secret-value"));
        }
    }
}
