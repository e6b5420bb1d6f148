package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public face of the row-rewrite plan: one registration, the Struct and the Map form. */
class RowPlanTest {

    private static final Schema ADDRESS = SchemaBuilder.struct().name("address").optional()
            .field("city", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("shop.customers.Value").version(3).doc("a row")
            .optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("status", SchemaBuilder.string().optional().defaultValue("active").build())
            .field("tier", SchemaBuilder.string().defaultValue("basic").build())
            .field("address", ADDRESS)
            .build();

    private static Struct row() {
        return new Struct(ROW).put("id", 7).put("address", new Struct(ADDRESS).put("city", "Oslo"));
    }

    private static List<String> names(Schema s) {
        List<String> out = new ArrayList<>();
        for (Field f : s.fields()) {
            out.add(f.name());
        }
        return out;
    }

    @Test
    void additionsComeLastAndCreateMissingParents() {
        RowPlan plan = RowPlan.builder()
                .add(FieldPath.literal("__deleted"), Schema.OPTIONAL_STRING_SCHEMA,
                        ValueSource.constant("false", Schema.OPTIONAL_STRING_SCHEMA))
                .add(FieldPath.parse("address.zip"), Schema.OPTIONAL_STRING_SCHEMA, c -> "0150")
                .add(FieldPath.parse("meta.source.table"), Schema.STRING_SCHEMA, c -> c.argument())
                .build();
        assertTrue(plan.needsContext());
        StructForm form = plan.compile(ROW);
        Schema out = form.outputSchema();
        assertEquals(List.of("id", "status", "tier", "address", "__deleted", "meta"), names(out));
        assertEquals(List.of("city", "zip"), names(out.field("address").schema()));
        assertTrue(out.field("meta").schema().isOptional(), "a created parent is optional");
        Struct v = form.apply(row(), RowContext.of(null, null, null, Image.VALUE, "customers"));
        v.validate();
        assertEquals("false", v.get("__deleted"));
        assertEquals("0150", v.getStruct("address").get("zip"));
        assertEquals("customers", v.getStruct("meta").getStruct("source").get("table"));
        assertEquals(ROW.name(), out.name());
        assertEquals(ROW.version(), out.version());
        assertEquals(ROW.doc(), out.doc());

        Map<String, Object> json = new LinkedHashMap<>(Map.of("id", 7));
        Map<String, Object> m = plan.apply(json, RowContext.of(null, json, null, Image.VALUE, "customers"));
        assertEquals(List.of("id", "__deleted", "address", "meta"), List.copyOf(m.keySet()));
        assertEquals(Map.of("zip", "0150"), m.get("address"));
        assertEquals(Map.of("source", Map.of("table", "customers")), m.get("meta"));
        assertEquals(Map.of("id", 7), json, "never mutated");
    }

    @Test
    void addingAFieldTheRowHasIsAConflictUnlessItIsSet() {
        RowPlan add = RowPlan.builder().add(FieldPath.literal("id"), Schema.INT32_SCHEMA, c -> 1).build();
        FieldPathException e = assertThrows(FieldPathException.class, () -> add.compile(ROW));
        assertTrue(e.getMessage().contains("already has"), e.getMessage());
        Map<String, Object> json = new LinkedHashMap<>(Map.of("id", 7));
        assertThrows(FieldPathException.class, () -> add.apply(json, null));

        RowPlan set = RowPlan.builder().set(FieldPath.literal("status"), Schema.OPTIONAL_STRING_SCHEMA,
                ValueSource.constant("gone", Schema.OPTIONAL_STRING_SCHEMA)).build();
        StructForm form = set.compile(ROW);
        assertSame(ROW.field("status").schema(), form.outputSchema().field("status").schema(), "keeps its schema");
        assertEquals(List.of("id", "status", "tier", "address"), names(form.outputSchema()));
        assertEquals("gone", form.apply(row(), null).get("status"));
        assertEquals(Map.of("id", 7, "status", "gone"), set.apply(new LinkedHashMap<>(Map.of("id", 7, "status", "x")), null));
        // set onto a field of another type is a conflict too
        RowPlan wrongType = RowPlan.builder().set(FieldPath.literal("id"), Schema.OPTIONAL_STRING_SCHEMA, c -> "x").build();
        assertThrows(FieldPathException.class, () -> wrongType.compile(ROW));
        // and inside a field that is not a struct
        RowPlan inside = RowPlan.builder().add(FieldPath.parse("id.x"), Schema.INT32_SCHEMA, c -> 1).build();
        assertThrows(FieldPathException.class, () -> inside.compile(ROW));
        assertThrows(FieldPathException.class,
                () -> RowPlan.builder().add(FieldPath.parse("items[*].x"), Schema.INT32_SCHEMA, c -> 1).build());
    }

    @Test
    void addedValuesAreCheckedUnlessTheirSourceProvesThem() {
        RowPlan bad = RowPlan.builder().add(FieldPath.literal("n"), Schema.INT64_SCHEMA, c -> "not a long").build();
        FieldPathException e = assertThrows(FieldPathException.class, () -> bad.compile(ROW).apply(row(), null));
        assertEquals("n", e.path());
        assertFalse(e.getMessage().contains("not a long"), e.getMessage());
        RowPlan none = RowPlan.builder().add(FieldPath.literal("n"), Schema.OPTIONAL_INT64_SCHEMA,
                c -> ValueSource.NONE).build();
        assertNull(none.compile(ROW).apply(row(), null).get("n"));
        assertEquals(Map.of("id", 1), none.apply(new LinkedHashMap<>(Map.of("id", 1)), null), "schemaless: no key");
    }

    @Test
    void readModesDecideAboutDefaultsAndRequiredMakesTheRootRequired() {
        RowPlan raw = RowPlan.builder().required().build();
        StructForm rawForm = raw.compile(ROW);
        assertFalse(rawForm.outputSchema().isOptional());
        Struct r = rawForm.apply(row(), null);
        assertNull(r.getWithoutDefault("status"));
        assertEquals("active", r.get("status"));
        RowPlan defaults = RowPlan.builder().required().reads(ReadMode.DEFAULTS).build();
        Struct d = defaults.compile(ROW).apply(row(), null);
        assertEquals("active", d.getWithoutDefault("status"));
        assertEquals("basic", d.getWithoutDefault("tier"));
        assertTrue(RowPlan.builder().build().compile(ROW).isIdentity());
        assertTrue(RowPlan.builder().build().isEmpty());
    }

    @Test
    void theFallbackWithoutRawStructsGivesTheSameRows() throws Exception {
        RowPlan plan = RowPlan.builder().required()
                .field(FieldPath.parse("address.city"), FieldOperation.replace(v -> "X"))
                .add(FieldPath.literal("n"), Schema.OPTIONAL_INT64_SCHEMA, ValueSource.constant(5L, Schema.INT64_SCHEMA))
                .build();
        Struct fast = plan.compile(ROW).apply(row(), null);
        try (AutoCloseable fallback = RawStructs.forceFallback()) {
            Struct slow = plan.compile(ROW).apply(row(), null);
            slow.validate();
            // the same values as read through the API (an unset required field with a default is
            // copied as unset by the fast path, and written as its default by Struct.put)
            for (Field f : fast.schema().fields()) {
                assertEquals(fast.get(f), slow.get(f.name()), f.name());
            }
        }
    }

    @Test
    void rulesDecidePerFieldAndSeeTheSchema() {
        List<String> seen = new ArrayList<>();
        RowPlan plan = RowPlan.builder().field(FieldPath.parse("*"), f -> {
            seen.add(f.path() + ":" + (f.isSchemaless() ? "-" : f.schema().type()));
            return f.schema() != null && f.schema().type() == Schema.Type.STRING ? FieldOperation.remove()
                    : FieldOperation.keep();
        }).build();
        assertEquals(List.of("*:-"), seen, "schemaless: once, with the registered path");
        assertEquals(List.of("id", "address"), names(plan.compile(ROW).outputSchema()));
        assertTrue(seen.containsAll(List.of("id:INT32", "status:STRING", "tier:STRING", "address:STRUCT")), seen.toString());
    }

    @Test
    void strictPathsMustExistAndLenientOnesAreSkipped() {
        RowPlan strict = RowPlan.builder().strictness(Strictness.STRICT)
                .field(FieldPath.parse("phone"), FieldOperation.remove()).build();
        assertThrows(FieldPathException.class, () -> strict.compile(ROW));
        RowPlan lenient = RowPlan.builder().field(FieldPath.parse("phone"), FieldOperation.remove()).build();
        assertTrue(lenient.compile(ROW).isIdentity());
        Map<String, Object> json = Map.of("id", 1);
        assertSame(json, lenient.apply(json, null));
        RowPlan perPath = RowPlan.builder()
                .field(FieldPath.parse("phone"), Strictness.STRICT, f -> FieldOperation.remove()).build();
        assertThrows(FieldPathException.class, () -> perPath.apply(json, null));
    }

    @Test
    void conflictsOnSchemalessRowsAreFoundWhenThePlanIsBuilt() {
        assertThrows(FieldPathException.class, () -> RowPlan.builder()
                .field(FieldPath.parse("*.email"), FieldOperation.remove())
                .field(FieldPath.parse("a.email"), FieldOperation.replace(v -> v))
                .build());
        RowPlan ok = RowPlan.builder().field(FieldPath.parse("a.email"), FieldOperation.remove()).build();
        assertNotSame(null, ok);
    }
}
