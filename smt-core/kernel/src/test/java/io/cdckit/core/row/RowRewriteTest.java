package io.cdckit.core.row;

import io.cdckit.core.cdc.DebeziumFixtures;
import io.cdckit.core.cdc.FlatFixtures;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.RawStructs;
import io.cdckit.core.record.Side;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cdckit.core.cdc.DebeziumFixtures.ENVELOPE;
import static io.cdckit.core.cdc.DebeziumFixtures.maxwell;
import static io.cdckit.core.cdc.DebeziumFixtures.ROW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RowRewriteTest {

    private static final FieldOperation MASK = FieldOperation.replace(v -> v == null ? null : "***");

    private static RowRewrite rewrite(EnvelopeMode mode, String path) {
        return RowRewrite.of(RowPlan.builder().field(FieldPath.parse(path), MASK).build(), mode, 16);
    }

    private static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("pg.public.customers", 0, null, null, schema, value, 5L);
    }

    private static Struct value(SinkRecord r) {
        return (Struct) r.value();
    }

    // ------------------------------------------------------------------ images of another schema

    /**
     * An image whose Struct is not of the schema its envelope declares (Connect's validation never
     * builds one; a buggy producer can, past validation): the image is read by position, so it is
     * refused rather than read as the declared row. Found by the fuzz suite (a rename lost its value).
     */
    @Test
    void refusesAnImageWhoseStructIsOfAnotherSchemaThanTheEnvelopeDeclares() {
        assumeTrue(RawStructs.available(), "a Struct of another schema can only be planted past validation");
        Schema foreignRow = SchemaBuilder.struct().name(ROW.name()).optional()
                .field("email", Schema.STRING_SCHEMA).field("first_name", Schema.STRING_SCHEMA).build();
        Struct foreign = new Struct(foreignRow).put("email", "planted@example.com").put("first_name", "Planted");
        Struct envelope = DebeziumFixtures.update();
        RawStructs.read(envelope)[ENVELOPE.field("after").index()] = foreign; // past Struct.put's validation
        RowRewrite rewrite = RowRewrite.of(RowPlan.builder()
                .field(FieldPath.parse("email"), FieldOperation.rename("mail")).build(), EnvelopeMode.AUTO, 16);

        FieldPathException e = assertThrows(FieldPathException.class,
                () -> rewrite.apply(record(ENVELOPE, envelope), Side.VALUE, null));
        assertTrue(e.getMessage().contains("of 2 fields, expected"), e.getMessage());
        assertFalse(e.getMessage().contains("planted") || e.getMessage().contains("Planted"), e.getMessage());

        // the same envelope with its own after image is rewritten
        Struct v = value(rewrite.apply(record(ENVELOPE, DebeziumFixtures.update()), Side.VALUE, null));
        assertEquals(DebeziumFixtures.update().getStruct("after").get("email"), v.getStruct("after").get("mail"));
    }

    /** A nested struct of another schema inside a row of the right one is refused the same way. */
    @Test
    void refusesANestedStructOfAnotherSchema() {
        assumeTrue(RawStructs.available(), "a Struct of another schema can only be planted past validation");
        Schema address = SchemaBuilder.struct().name("Address").optional()
                .field("city", Schema.STRING_SCHEMA).field("zip", Schema.STRING_SCHEMA).build();
        Schema row = SchemaBuilder.struct().name("Row").field("id", Schema.INT32_SCHEMA)
                .field("address", address).build();
        Schema other = SchemaBuilder.struct().name("Address").optional().field("zip", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(row).put("id", 1).put("address", new Struct(address).put("city", "A").put("zip", "1"));
        RowRewrite rewrite = RowRewrite.of(RowPlan.builder()
                .field(FieldPath.parse("address.city"), MASK).build(), EnvelopeMode.AUTO, 16);
        assertEquals("***", value(rewrite.apply(record(row, value), Side.VALUE, null))
                .getStruct("address").get("city"));

        RawStructs.read(value)[row.field("address").index()] = new Struct(other).put("zip", "99999");
        FieldPathException e = assertThrows(FieldPathException.class,
                () -> rewrite.apply(record(row, value), Side.VALUE, null));
        assertTrue(e.getMessage().contains("of 1 fields, expected STRUCT (Address) of 2"), e.getMessage());
        assertFalse(e.getMessage().contains("99999"), e.getMessage());

        RawStructs.read(value)[row.field("address").index()] = "not a struct";
        e = assertThrows(FieldPathException.class, () -> rewrite.apply(record(row, value), Side.VALUE, null));
        assertTrue(e.getMessage().contains("holds a String where its schema has STRUCT (Address)"), e.getMessage());
    }

    // ------------------------------------------------------------------ a plan per row schema

    /** Renames every top-level field the schema has to upper case: a plan no fixed registration can say. */
    private static final class UpperCasePlans implements RowPlans {
        final List<Schema> asked = new java.util.ArrayList<>();
        final List<String> envelopes = new java.util.ArrayList<>();

        @Override
        public RowPlan forSchema(Schema rowSchema, Schema envelopeSchema) {
            asked.add(rowSchema);
            envelopes.add(envelopeSchema == null ? "none" : envelopeSchema.name());
            RowPlan.Builder b = RowPlan.builder();
            rowSchema.fields().forEach(f -> b.field(FieldPath.literal(f.name()),
                    FieldOperation.rename(f.name().toUpperCase(java.util.Locale.ROOT))));
            return b.build();
        }

        @Override
        public RowPlan schemaless() {
            return RowPlan.builder().field(FieldPath.parse("email"), FieldOperation.rename("EMAIL")).build();
        }
    }

    @Test
    void aPlanPerRowSchemaIsAskedOnceForBothImagesOfAnEnvelopeAndOncePerPlainRowSchema() {
        UpperCasePlans plans = new UpperCasePlans();
        RowRewrite rewrite = RowRewrite.of(plans, EnvelopeMode.AUTO, 16);
        for (int i = 0; i < 3; i++) {
            Struct v = value(rewrite.apply(record(ENVELOPE, DebeziumFixtures.update()), Side.VALUE, null));
            assertEquals("alice@example.com", v.getStruct("before").get("EMAIL"));
            assertEquals(DebeziumFixtures.update().getStruct("after").get("email"), v.getStruct("after").get("EMAIL"));
            assertEquals("u", v.get("op"), "the envelope keeps its own names");
        }
        assertEquals(List.of(ROW), plans.asked, "one row schema, asked once, both images");
        assertEquals(List.of(ENVELOPE.name()), plans.envelopes, "told the envelope schema around the row");

        Struct plain = value(rewrite.apply(record(ROW, DebeziumFixtures.alice()), Side.VALUE, null));
        assertEquals(ROW.fields().size(), plain.schema().fields().size());
        assertTrue(plain.schema().fields().stream().allMatch(f -> f.name().equals(f.name().toUpperCase(java.util.Locale.ROOT))));
        assertEquals(List.of(ROW, ROW), plans.asked, "a new value schema (the plain row) is compiled, and asks again");
        assertEquals(List.of(ENVELOPE.name(), "none"), plans.envelopes, "a plain row has no envelope");
        rewrite.apply(record(ROW, DebeziumFixtures.alice()), Side.VALUE, null);
        assertEquals(2, plans.asked.size(), "then cached");

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("email", "a@example.com");
        SinkRecord out = rewrite.apply(record(null, row), Side.VALUE, null);
        assertEquals(List.of("id", "EMAIL"), List.copyOf(((Map<?, ?>) out.value()).keySet()), "schemaless: its own plan");
    }

    // ------------------------------------------------------------------ Struct envelopes

    @Test
    void rowScopeRewritesBothImagesWithOneRowSchemaAndKeepsTheEnvelope() {
        Struct in = DebeziumFixtures.update();
        SinkRecord out = rewrite(EnvelopeMode.AUTO, "email").apply(record(ENVELOPE, in), Side.VALUE, null);
        Struct v = value(out);
        assertEquals("***", v.getStruct("before").get("email"));
        assertEquals("***", v.getStruct("after").get("email"));
        assertEquals("Smith", v.getStruct("before").get("last_name"));
        assertSame(out.valueSchema().field("before").schema(), out.valueSchema().field("after").schema(),
                "both images keep one row schema");
        assertEquals(ENVELOPE.name(), out.valueSchema().name());
        assertEquals(ENVELOPE.version(), out.valueSchema().version());
        assertSame(in.get("source"), v.get("source"));
        assertSame(in.get("transaction"), v.get("transaction"));
        assertEquals("u", v.get("op"));
        assertEquals(DebeziumFixtures.TS_MS, v.get("ts_ms"));
        assertEquals("alice@example.com", in.getStruct("before").get("email"), "the input is never changed");
        // a delete's before image too
        Struct deleted = value(rewrite(EnvelopeMode.ROW, "email").apply(record(ENVELOPE, DebeziumFixtures.delete()),
                Side.VALUE, null));
        assertEquals("***", deleted.getStruct("before").get("email"));
        assertNull(deleted.get("after"));
    }

    @Test
    void aStructIsRewrittenByItsOwnSchemaWhateverItsRecordSays() {
        // plans read values by position: a record whose schema is not its Struct's must not misread it
        RowRewrite r = rewrite(EnvelopeMode.AUTO, "email");
        SinkRecord heartbeatSchema = record(DebeziumFixtures.HEARTBEAT, DebeziumFixtures.update());
        SinkRecord out = r.apply(heartbeatSchema, Side.VALUE, null);
        assertEquals(ENVELOPE.name(), out.valueSchema().name(), "the output schema is the rewritten Struct's");
        Struct v = value(out);
        assertEquals("***", v.getStruct("after").get("email"));
        assertEquals("Jones", v.getStruct("after").get("last_name"));
        SinkRecord envelopeSchema = record(ENVELOPE, DebeziumFixtures.heartbeat());
        assertSame(envelopeSchema, r.apply(envelopeSchema, Side.VALUE, null), "a heartbeat passes, as it is one");
    }

    @Test
    void offAddressesTheValueAsItIs() {
        RowRewrite off = rewrite(EnvelopeMode.OFF, "after.email");
        Struct v = value(off.apply(record(ENVELOPE, DebeziumFixtures.update()), Side.VALUE, null));
        assertEquals("***", v.getStruct("after").get("email"));
        assertEquals("alice@example.com", v.getStruct("before").get("email"), "off: only the path named");
        SinkRecord plain = record(ROW, DebeziumFixtures.alice());
        assertSame(plain, rewrite(EnvelopeMode.OFF, "after.email").apply(plain, Side.VALUE, null));
    }

    @Test
    void aNewTimestampIsSetInTheSameCopy() {
        SinkRecord plain = record(ROW, DebeziumFixtures.alice());
        RowRewrite auto = rewrite(EnvelopeMode.AUTO, "email");
        SinkRecord out = auto.apply(plain, Side.VALUE, null, null, 42L);
        assertEquals(42L, out.timestamp());
        assertEquals("***", value(out).get("email"));
        SinkRecord untouched = rewrite(EnvelopeMode.ROW, "email").apply(plain, Side.VALUE, null, null, 43L);
        assertEquals(43L, untouched.timestamp(), "a record the plan leaves still gets the timestamp");
        assertSame(plain.value(), untouched.value());
        SinkRecord tombstone = record(null, null); // no timestamp
        assertSame(tombstone, auto.apply(tombstone, Side.VALUE, null, null, null), "the same (no) timestamp: as it is");
    }

    @Test
    void autoRewritesPlainRowsAndRowPassesThem() {
        SinkRecord plain = record(ROW, DebeziumFixtures.alice());
        assertEquals("***", value(rewrite(EnvelopeMode.AUTO, "email").apply(plain, Side.VALUE, null)).get("email"));
        assertSame(plain, rewrite(EnvelopeMode.ROW, "email").apply(plain, Side.VALUE, null));
    }

    @Test
    void recordsWithoutRowsPassThrough() {
        RowRewrite auto = RowRewrite.of(RowPlan.builder().strictness(Strictness.STRICT)
                .field(FieldPath.parse("email"), MASK).build(), EnvelopeMode.AUTO, 16);
        for (Struct v : new Struct[]{DebeziumFixtures.heartbeat(), DebeziumFixtures.schemaChange(),
                DebeziumFixtures.txMetadata(), DebeziumFixtures.message()}) {
            SinkRecord r = record(v.schema(), v);
            assertSame(r, auto.apply(r, Side.VALUE, null), v.schema().name());
        }
        SinkRecord tombstone = record(null, null);
        assertSame(tombstone, auto.apply(tombstone, Side.VALUE, null));
        SinkRecord text = record(Schema.STRING_SCHEMA, "not a row");
        assertSame(text, auto.apply(text, Side.VALUE, null));
        // a truncate has no image to rewrite, and keeps its (rewritten) envelope schema
        SinkRecord truncate = auto.apply(record(ENVELOPE, DebeziumFixtures.truncate()), Side.VALUE, null);
        assertEquals("t", value(truncate).get("op"));
        Map<String, Object> schemaChange = new LinkedHashMap<>();
        schemaChange.put("source", Map.of("db", "shop"));
        schemaChange.put("ddl", "ALTER TABLE t ADD c int");
        schemaChange.put("tableChanges", List.of());
        SinkRecord ddl = record(null, schemaChange);
        assertSame(ddl, auto.apply(ddl, Side.VALUE, null));
    }

    @Test
    void mongoImagesAreRewrittenAsDocumentsAndWrittenBackAsJsonText() {
        Struct mongo = DebeziumFixtures.mongoEvent("u", DebeziumFixtures.MONGO_DOC, DebeziumFixtures.MONGO_DOC_UPDATED, null);
        SinkRecord out = rewrite(EnvelopeMode.AUTO, "email").apply(record(mongo.schema(), mongo), Side.VALUE, null);
        assertSame(mongo.schema(), out.valueSchema(), "the envelope keeps its schema");
        Struct v = value(out);
        // the _id keeps its type through the round trip (int64 stays $numberLong)
        assertEquals("{\"_id\": {\"$numberLong\": \"1004\"},\"first_name\": \"Anne Marie\",\"email\": \"***\"}",
                v.get("after"));
        assertEquals(io.cdckit.core.document.ExtendedJson.parseDocument(DebeziumFixtures.MONGO_DOC).get("_id"),
                io.cdckit.core.document.ExtendedJson.parseDocument((String) v.get("before")).get("_id"));
        assertTrue(((String) v.get("before")).contains("\"email\": \"***\""));
        assertEquals(mongo.get("source"), v.get("source"));
        // off: the value as it is; a plan that touches nothing keeps the text
        SinkRecord r = record(mongo.schema(), mongo);
        assertSame(r, rewrite(EnvelopeMode.OFF, "email").apply(r, Side.VALUE, null));
        SinkRecord untouched = rewrite(EnvelopeMode.AUTO, "nope").apply(r, Side.VALUE, null);
        assertSame(mongo.get("after"), value(untouched).get("after"));
        assertSame(r, RowRewrite.of(RowPlan.builder().build(), EnvelopeMode.AUTO, 16).apply(r, Side.VALUE, null),
                "an empty plan does not even read the text");
    }

    @Test
    void mongoUpdatedFieldsArePartialAndEveryBsonTypeRoundTrips() {
        String all = "{\"_id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"},\"d\": {\"$date\": 5},"
                + "\"dec\": {\"$numberDecimal\": \"1.50\"},\"b\": {\"$binary\": \"AQI=\", \"$type\": \"04\"},"
                + "\"r\": {\"$regex\": \"^a\", \"$options\": \"i\"},\"t\": {\"$timestamp\": {\"t\": 1, \"i\": 2}},"
                + "\"l\": {\"$numberLong\": \"7\"},\"x\": 1.5,\"n\": null,\"a\": [1, {\"k\": \"v\"}],"
                + "\"email\": \"a@b\",\"m\": {\"$minKey\": 1},\"s\": {\"$symbol\": \"y\"},"
                + "\"p\": {\"$dbPointer\": {\"$ref\": \"db.c\", \"$id\": {\"$oid\": \"5f1e2d3c4b5a697887766554\"}}}}";
        Struct update = new Struct(DebeziumFixtures.MONGO_ENVELOPE.field("updateDescription").schema())
                .put("updatedFields", "{\"email\": \"x@y\", \"first_name\": \"A\"}").put("removedFields", List.of("zip"));
        Struct mongo = DebeziumFixtures.mongoEvent("u", null, all, update);
        Struct v = value(rewrite(EnvelopeMode.AUTO, "email").apply(record(mongo.schema(), mongo), Side.VALUE, null));
        Map<String, Object> before = io.cdckit.core.document.ExtendedJson.parseDocument(all);
        Map<String, Object> after = io.cdckit.core.document.ExtendedJson.parseDocument((String) v.get("after"));
        before.put("email", "***");
        assertEquals(before, after, "every type reads back as it was");
        Struct u = v.getStruct("updateDescription");
        assertEquals("{\"email\": \"***\",\"first_name\": \"A\"}", u.get("updatedFields"));
        assertEquals(List.of("zip"), u.get("removedFields"));
        // a STRICT path the partial image lacks is no error there
        RowRewrite strict = RowRewrite.of(RowPlan.builder().strictness(Strictness.STRICT)
                .field(FieldPath.parse("first_name"), MASK).build(), EnvelopeMode.AUTO, 16);
        Struct partial = DebeziumFixtures.mongoEvent("u", null, null, new Struct(update.schema())
                .put("updatedFields", "{\"email\": \"x@y\"}"));
        assertEquals("{\"email\": \"x@y\"}", value(strict.apply(record(partial.schema(), partial), Side.VALUE, null))
                .getStruct("updateDescription").get("updatedFields"));
    }

    @Test
    void schemalessMongoImagesAndMalformedText() {
        Struct mongo = DebeziumFixtures.mongoEvent("c", null, DebeziumFixtures.MONGO_DOC, null);
        Map<?, ?> schemaless = DebeziumFixtures.schemaless(mongo);
        SinkRecord out = rewrite(EnvelopeMode.ROW, "email").apply(record(null, schemaless), Side.VALUE, null);
        assertTrue(((String) ((Map<?, ?>) out.value()).get("after")).contains("\"email\": \"***\""));
        assertFalse(((String) schemaless.get("after")).contains("***"), "the input is not changed");
        Struct broken = DebeziumFixtures.mongoEvent("c", null, "{\"email\": ", null);
        DataException e = assertThrows(DataException.class,
                () -> rewrite(EnvelopeMode.AUTO, "email").apply(record(broken.schema(), broken), Side.VALUE, null));
        assertTrue(e.getMessage().startsWith("extended JSON: "), e.getMessage());
    }

    @Test
    void envelopePathsAddressTheEnvelope() {
        RowRewrite r = RowRewrite.of(RowPlan.builder()
                .field(FieldPath.parse("$envelope.ts_ms"), FieldOperation.replace(v -> 1L))
                .field(FieldPath.parse("$envelope.source.table"), FieldOperation.replace(v -> "hidden"))
                .field(FieldPath.parse("email"), MASK)
                .build(), EnvelopeMode.AUTO, 16);
        Struct v = value(r.apply(record(ENVELOPE, DebeziumFixtures.update()), Side.VALUE, null));
        assertEquals(1L, v.get("ts_ms"));
        assertEquals("hidden", v.getStruct("source").get("table"));
        assertEquals("***", v.getStruct("after").get("email"));
        // a plain row has no envelope: the envelope paths address nothing
        Struct plain = value(r.apply(record(ROW, DebeziumFixtures.alice()), Side.VALUE, null));
        assertEquals("***", plain.get("email"));
        Map<?, ?> json = (Map<?, ?>) r.apply(record(null, DebeziumFixtures.schemaless(DebeziumFixtures.update())),
                Side.VALUE, null).value();
        assertEquals(1L, json.get("ts_ms"));
        assertEquals("hidden", ((Map<?, ?>) json.get("source")).get("table"));
        assertEquals("***", ((Map<?, ?>) json.get("before")).get("email"));
    }

    @Test
    void envelopePathsMayNotNameAnImage() {
        for (String path : new String[]{"$envelope.after.email", "$envelope.before", "$envelope.*"}) {
            assertThrows(FieldPathException.class, () -> RowRewrite.of(RowPlan.builder()
                    .field(FieldPath.parse(path), MASK).build(), EnvelopeMode.AUTO, 16), path);
        }
        assertThrows(FieldPathException.class, () -> RowPlan.builder().field(FieldPath.parse("$envelope"), MASK));
    }

    // ------------------------------------------------------------------ additions see their image

    @Test
    void additionsKnowWhichImageTheyAreIn() {
        RowRewrite r = RowRewrite.of(RowPlan.builder()
                .set(FieldPath.literal("image"), Schema.OPTIONAL_STRING_SCHEMA,
                        c -> c.image() + ":" + c.argument() + ":" + (c.envelope() != null))
                .build(), EnvelopeMode.AUTO, 16);
        Struct v = value(r.apply(record(ENVELOPE, DebeziumFixtures.update()), Side.VALUE, "arg"));
        assertEquals("BEFORE:arg:true", v.getStruct("before").get("image"));
        assertEquals("AFTER:arg:true", v.getStruct("after").get("image"));
        Struct plain = value(r.apply(record(ROW, DebeziumFixtures.alice()), Side.VALUE, "arg"));
        assertEquals("VALUE:arg:false", plain.get("image"));
        Map<?, ?> json = (Map<?, ?>) r.apply(record(null, DebeziumFixtures.schemaless(DebeziumFixtures.update())),
                Side.VALUE, 7).value();
        assertEquals("BEFORE:7:true", ((Map<?, ?>) json.get("before")).get("image"));
        assertEquals("AFTER:7:true", ((Map<?, ?>) json.get("after")).get("image"));
    }

    // ------------------------------------------------------------------ schemaless and Maxwell

    @Test
    void schemalessEnvelopesAreCopiedOnlyWhereTheyChange() {
        Map<?, ?> in = DebeziumFixtures.schemaless(DebeziumFixtures.create());
        SinkRecord out = rewrite(EnvelopeMode.AUTO, "email").apply(record(null, in), Side.VALUE, null);
        Map<?, ?> v = (Map<?, ?>) out.value();
        assertEquals("***", ((Map<?, ?>) v.get("after")).get("email"));
        assertNull(v.get("before"));
        assertSame(in.get("source"), v.get("source"));
        assertEquals(List.copyOf(in.keySet()), List.copyOf(v.keySet()));
        SinkRecord untouched = record(null, in);
        assertSame(untouched, rewrite(EnvelopeMode.AUTO, "nope").apply(untouched, Side.VALUE, null));
    }

    @Test
    void maxwellDataIsTheRowAndOldAPartialImage() {
        Map<String, Object> data = new LinkedHashMap<>(Map.of("id", 1, "email", "a@example.org"));
        Map<String, Object> old = new LinkedHashMap<>(Map.of("email", "old@example.org"));
        Map<String, Object> update = maxwell("update", data, old);
        RowRewrite r = RowRewrite.of(RowPlan.builder().strictness(Strictness.STRICT)
                .field(FieldPath.parse("email"), MASK)
                .field(FieldPath.parse("id"), FieldOperation.replace(v -> v))
                .add(FieldPath.literal("masked"), Schema.BOOLEAN_SCHEMA, ValueSource.constant(true, Schema.BOOLEAN_SCHEMA))
                .build(), EnvelopeMode.AUTO, 16);
        Map<?, ?> v = (Map<?, ?>) r.apply(record(null, update), Side.VALUE, null).value();
        assertEquals(Map.of("id", 1, "email", "***", "masked", true), v.get("data"));
        assertEquals(Map.of("email", "***"), v.get("old"), "old: no strict id, nothing added");
        assertEquals("update", v.get("type"));
        Map<?, ?> delete = (Map<?, ?>) r.apply(record(null, maxwell("delete", data, null)), Side.VALUE, null).value();
        assertEquals("***", ((Map<?, ?>) delete.get("data")).get("email"));
    }

    // ------------------------------------------------------------------ GoldenGate and Canal

    /** Masks email, adds a column saying which image (and whether partial) each row was. */
    private static RowRewrite maskAndTag() {
        return RowRewrite.of(RowPlan.builder().field(FieldPath.parse("email"), MASK)
                .set(FieldPath.literal("seen"), Schema.OPTIONAL_STRING_SCHEMA,
                        c -> c.image() + (c.isPartialImage() ? "/partial" : ""))
                .build(), EnvelopeMode.AUTO, 16);
    }

    @Test
    void goldenGateImagesAreRewrittenLikeDebeziumsSchemalessAndSchemad() {
        Map<String, Object> gg = FlatFixtures.goldenGate("U", FlatFixtures.row(1, "old@example.org"),
                FlatFixtures.row(1, "new@example.org"));
        Map<?, ?> v = (Map<?, ?>) maskAndTag().apply(record(null, gg), Side.VALUE, null).value();
        assertEquals(Map.of("id", 1, "email", "***", "seen", "AFTER"), v.get("after"));
        assertEquals(Map.of("id", 1, "email", "***", "seen", "BEFORE"), v.get("before"));
        assertEquals("U", v.get("op_type"));
        assertEquals(List.copyOf(gg.keySet()), List.copyOf(v.keySet()));

        Struct in = FlatFixtures.goldenGateStruct("U", FlatFixtures.rowStruct(1, "old@example.org"),
                FlatFixtures.rowStruct(1, "new@example.org"));
        SinkRecord out = maskAndTag().apply(record(in.schema(), in), Side.VALUE, null);
        Struct s = value(out);
        assertEquals("***", s.getStruct("after").get("email"));
        assertEquals("BEFORE", s.getStruct("before").get("seen"));
        assertSame(s.schema().field("after").schema(), s.schema().field("before").schema(), "one row schema");
        assertEquals("SHOP.CUSTOMERS", s.get("table"));
        assertEquals(io.cdckit.core.cdc.Dialect.GOLDENGATE,
                io.cdckit.core.cdc.EnvelopeSchema.detect(out.valueSchema()).dialect(), "still an envelope");
    }

    @Test
    void canalRowsAreRewrittenRowByRowAndOldIsPartial() {
        Map<String, Object> old = new LinkedHashMap<>(Map.of("email", "old@example.org"));
        Map<String, Object> update = FlatFixtures.canal("UPDATE",
                List.of(FlatFixtures.row(1, "a@example.org"), FlatFixtures.row(2, "b@example.org")),
                List.of(old, Map.of()));
        RowRewrite r = maskAndTag();
        Map<?, ?> v = (Map<?, ?>) r.apply(record(null, update), Side.VALUE, null).value();
        assertEquals(List.of(Map.of("id", 1, "email", "***", "seen", "AFTER"),
                Map.of("id", 2, "email", "***", "seen", "AFTER")), v.get("data"));
        assertEquals(List.of(Map.of("email", "***"), Map.of()), v.get("old"), "partial: nothing added, as Maxwell's");
        assertEquals(update.get("mysqlType"), v.get("mysqlType"));
        assertEquals("old@example.org", old.get("email"), "the input is not modified");
        Map<?, ?> delete = (Map<?, ?>) r.apply(record(null, FlatFixtures.canal("DELETE",
                List.of(FlatFixtures.row(3, "c@example.org")), null)), Side.VALUE, null).value();
        assertEquals(List.of(Map.of("id", 3, "email", "***", "seen", "BEFORE")), delete.get("data"));
        Map<String, Object> ddl = FlatFixtures.canal("ALTER", null, null);
        ddl.put("isDdl", true);
        SinkRecord ddlRecord = record(null, ddl);
        assertSame(ddlRecord, r.apply(ddlRecord, Side.VALUE, null), "DDL records pass through");

        Struct in = FlatFixtures.canalStruct("UPDATE",
                List.of(FlatFixtures.rowStruct(1, "a@example.org"), FlatFixtures.rowStruct(2, "b@example.org")),
                List.of(FlatFixtures.rowStruct(1, "old@example.org"), FlatFixtures.rowStruct(2, null)));
        SinkRecord out = r.apply(record(in.schema(), in), Side.VALUE, null);
        Struct s = value(out);
        List<?> data = s.getArray("data");
        assertEquals(2, data.size());
        assertEquals("***", ((Struct) data.get(1)).get("email"));
        assertEquals("AFTER", ((Struct) data.get(0)).get("seen"));
        Struct old0 = (Struct) s.getArray("old").get(0);
        assertEquals("***", old0.get("email"));
        assertEquals("BEFORE/partial", old0.get("seen"), "one row schema: the field is there, the context partial");
        assertSame(s.schema().field("data").schema().valueSchema(), s.schema().field("old").schema().valueSchema(),
                "one row schema for data and old");
        assertEquals(io.cdckit.core.cdc.Dialect.CANAL,
                io.cdckit.core.cdc.EnvelopeSchema.detect(out.valueSchema()).dialect(), "still an envelope");
        Struct del = value(r.apply(record(FlatFixtures.CANAL, FlatFixtures.canalStruct("DELETE",
                List.of(FlatFixtures.rowStruct(3, "c@example.org")), null)), Side.VALUE, null));
        assertEquals("BEFORE", ((Struct) del.getArray("data").get(0)).get("seen"));
        assertNull(del.get("old"));
    }

    // ------------------------------------------------------------------ sides, headers, caching

    @Test
    void keysAreRowsAndHeadersCanBeSet() {
        Schema keySchema = SchemaBuilder.struct().name("k").field("email", Schema.STRING_SCHEMA).build();
        SinkRecord in = new SinkRecord("t", 0, keySchema, new Struct(keySchema).put("email", "a@b"), ROW,
                DebeziumFixtures.alice(), 1L);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("h", "v");
        SinkRecord out = rewrite(EnvelopeMode.AUTO, "email").apply(in, Side.KEY, null, headers);
        assertEquals("***", ((Struct) out.key()).get("email"));
        assertSame(in.value(), out.value());
        assertSame(headers, out.headers());
        SinkRecord same = rewrite(EnvelopeMode.AUTO, "nope").apply(in, Side.KEY, null, headers);
        assertSame(in.key(), same.key());
        assertSame(headers, same.headers(), "headers given: a new record even when the rows do not change");
    }

    @Test
    void aSchemaTheStrictPlanCannotApplyToFailsTheSameWayEveryTime() {
        RowRewrite r = RowRewrite.of(RowPlan.builder().strictness(Strictness.STRICT)
                .field(FieldPath.parse("phone"), MASK).build(), EnvelopeMode.AUTO, 16);
        SinkRecord in = record(ENVELOPE, DebeziumFixtures.update());
        FieldPathException first = assertThrows(FieldPathException.class, () -> r.apply(in, Side.VALUE, null));
        assertTrue(first.getMessage().contains("phone"), first.getMessage());
        assertSame(first, assertThrows(FieldPathException.class, () -> r.apply(in, Side.VALUE, null)),
                "compiled once, cached as a failure");
        assertFalse(r.toString().contains("phone"));
    }
}
