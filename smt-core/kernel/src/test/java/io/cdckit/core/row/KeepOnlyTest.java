package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;

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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RowPlan.Builder#keepOnly}, and additions at a name the plan removes or renames away: the
 * Struct form and the Map form give the same rows.
 */
class KeepOnlyTest {

    private static final Schema ITEM = SchemaBuilder.struct().name("item")
            .field("sku", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA).build();
    private static final Schema ADDRESS = SchemaBuilder.struct().name("address").optional()
            .field("city", Schema.OPTIONAL_STRING_SCHEMA).field("zip", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("orders.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("created_at", Schema.INT64_SCHEMA)
            .field("updated_at", Schema.OPTIONAL_INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("address", ADDRESS)
            .field("items", SchemaBuilder.array(ITEM).optional().build())
            .build();

    private static Struct row() {
        return new Struct(ROW).put("id", 1).put("created_at", 10L).put("updated_at", 20L).put("note", "n")
                .put("address", new Struct(ADDRESS).put("city", "Oslo").put("zip", "0150"))
                .put("items", List.of(new Struct(ITEM).put("sku", "a").put("qty", 2)));
    }

    private static Map<String, Object> map() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 1);
        m.put("created_at", 10L);
        m.put("updated_at", 20L);
        m.put("note", "n");
        m.put("address", ordered("city", "Oslo", "zip", "0150"));
        m.put("items", List.of(ordered("sku", "a", "qty", 2)));
        return m;
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static List<String> names(Schema s) {
        List<String> out = new ArrayList<>();
        for (Field f : s.fields()) {
            out.add(f.name());
        }
        return out;
    }

    private static RowPlan keep(String... paths) {
        List<FieldPath> kept = new ArrayList<>();
        for (String p : paths) {
            kept.add(FieldPath.parse(p));
        }
        return RowPlan.builder().keepOnly(kept).build();
    }

    @Test
    void keepsTopLevelFieldsAndPatternsInTheirOrder() {
        RowPlan plan = keep("id", "*_at");
        Struct out = plan.compile(ROW).apply(row(), null);
        assertEquals(List.of("id", "created_at", "updated_at"), names(out.schema()));
        assertEquals(20L, out.get("updated_at"));
        assertEquals(ROW.name(), out.schema().name());
        Map<String, Object> m = plan.apply(map(), null);
        assertEquals(List.of("id", "created_at", "updated_at"), List.copyOf(m.keySet()));
    }

    @Test
    void aNestedPathKeepsItsParentsWithOnlyWhatIsKeptInside() {
        RowPlan plan = keep("id", "address.city", "items[*].sku");
        Struct out = plan.compile(ROW).apply(row(), null);
        out.validate();
        assertEquals(List.of("id", "address", "items"), names(out.schema()));
        assertEquals(List.of("city"), names(out.schema().field("address").schema()));
        assertEquals("address", out.schema().field("address").schema().name(), "the struct keeps its name");
        assertEquals(List.of("sku"), names(out.schema().field("items").schema().valueSchema()));
        assertEquals("Oslo", out.getStruct("address").get("city"));
        assertEquals("a", ((Struct) out.getArray("items").get(0)).get("sku"));

        Map<String, Object> m = plan.apply(map(), null);
        assertEquals(List.of("id", "address", "items"), List.copyOf(m.keySet()));
        assertEquals(Map.of("city", "Oslo"), m.get("address"));
        assertEquals(List.of(Map.of("sku", "a")), m.get("items"));
    }

    @Test
    void aFieldKeptWholeIsNotFilteredByALongerPathThroughIt() {
        for (RowPlan plan : List.of(keep("address", "address.city"), keep("*", "address.city"))) {
            Struct out = plan.compile(ROW).apply(row(), null);
            assertEquals(List.of("city", "zip"), names(out.schema().field("address").schema()));
            Map<?, ?> m = (Map<?, ?>) plan.apply(map(), null).get("address");
            assertEquals(List.of("city", "zip"), List.copyOf(m.keySet()));
        }
    }

    @Test
    void keepingEverythingThereIsChangesNothing() {
        RowPlan plan = keep("*");
        Struct in = row();
        assertSame(ROW, plan.compile(ROW).outputSchema());
        assertSame(in, plan.compile(ROW).apply(in, null));
        Map<String, Object> m = map();
        assertSame(m, plan.apply(m, null));
    }

    @Test
    void otherOperationsApplyToWhatIsKeptAndAdditionsAreNotRemoved() {
        RowPlan plan = RowPlan.builder().keepOnly(List.of(FieldPath.parse("id"), FieldPath.parse("note")))
                .field(FieldPath.parse("note"), FieldOperation.rename("remark"))
                .field(FieldPath.parse("updated_at"), FieldOperation.rename("changed"))
                .add(FieldPath.parse("topic"), Schema.OPTIONAL_STRING_SCHEMA,
                        ValueSource.constant("t", Schema.OPTIONAL_STRING_SCHEMA))
                .build();
        Struct out = plan.compile(ROW).apply(row(), null);
        assertEquals(List.of("id", "remark", "topic"), names(out.schema()));
        assertEquals(List.of("id", "remark", "topic"), List.copyOf(plan.apply(map(), null).keySet()));
    }

    @Test
    void anEnvelopePathCannotBeKeptOnly() {
        FieldPathException e = assertThrows(FieldPathException.class,
                () -> RowPlan.builder().keepOnly(List.of(FieldPath.parse("$envelope.source"))));
        assertTrue(e.getMessage().contains("$envelope.source"), e.getMessage());
    }

    // ------------------------------------------------------------------ additions at a vacated name

    @Test
    void anAdditionAtANameThePlanRemovesOrRenamesAwayIsANewFieldAfterTheOthers() {
        ValueSource fromCity = ValueSource.of(Schema.OPTIONAL_STRING_SCHEMA,
                c -> c.row() instanceof Struct ? ((Struct) c.row()).getStruct("address").get("city")
                        : ((Map<?, ?>) ((Map<?, ?>) c.row()).get("address")).get("city"), "moved from 'address.city'");
        RowPlan plan = RowPlan.builder()
                .field(FieldPath.parse("note"), FieldOperation.remove())
                .field(FieldPath.parse("id"), FieldOperation.rename("key"))
                .add(FieldPath.parse("note"), Schema.OPTIONAL_STRING_SCHEMA, fromCity)
                .add(FieldPath.parse("id"), Schema.OPTIONAL_STRING_SCHEMA, fromCity)
                .build();
        Struct in = row();
        Struct out = plan.compile(ROW).apply(in, RowContext.of(null, in, null, Image.VALUE, null));
        assertEquals(List.of("key", "created_at", "updated_at", "address", "items", "note", "id"), names(out.schema()));
        assertEquals("Oslo", out.get("note"));
        assertEquals(1, out.get("key"));

        Map<String, Object> m = map();
        Map<String, Object> mo = plan.apply(m, RowContext.of(null, m, null, Image.VALUE, null));
        assertEquals(List.of("key", "created_at", "updated_at", "address", "items", "note", "id"),
                List.copyOf(mo.keySet()));
        assertEquals("Oslo", mo.get("id"));
    }

    @Test
    void anAdditionOntoANameARenameGivesIsAConflictThatSaysWhatWasAdded() {
        RowPlan plan = RowPlan.builder()
                .field(FieldPath.parse("note"), FieldOperation.rename("memo"))
                .add(FieldPath.parse("memo"), Schema.OPTIONAL_STRING_SCHEMA,
                        ValueSource.of(Schema.OPTIONAL_STRING_SCHEMA, c -> "x", "copied from 'note'"))
                .build();
        assertThrows(FieldPathException.class, () -> plan.compile(ROW));
        Map<String, Object> m = map();
        FieldPathException e = assertThrows(FieldPathException.class,
                () -> plan.apply(m, RowContext.of(null, m, null, Image.VALUE, null)));
        assertTrue(e.getMessage().contains("'memo' (copied from 'note')"), e.getMessage());

        RowPlan onto = RowPlan.builder().add(FieldPath.parse("note"), Schema.OPTIONAL_STRING_SCHEMA,
                ValueSource.of(Schema.OPTIONAL_STRING_SCHEMA, c -> "x", "moved from 'address.city'")).build();
        FieldPathException s = assertThrows(FieldPathException.class, () -> onto.compile(ROW));
        assertTrue(s.getMessage().contains("'note' (moved from 'address.city')"), s.getMessage());
    }
}
