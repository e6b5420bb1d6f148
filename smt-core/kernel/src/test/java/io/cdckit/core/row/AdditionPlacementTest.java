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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where an addition lands: below a name the plan removes or does not keep, or at a name it renames
 * away (a new field), below a name renamed away (in the renamed struct), below a parent that is null or not a struct in a row (the row fails: nothing is lost),
 * inside another addition (a conflict), and in a partial image (only what comes from the row).
 */
class AdditionPlacementTest {

    private static final Schema ADDRESS = SchemaBuilder.struct().name("address").optional()
            .field("city", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("r")
            .field("id", Schema.INT32_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("address", ADDRESS)
            .build();
    private static final ValueSource TAG = ValueSource.constant("t", Schema.OPTIONAL_STRING_SCHEMA);

    private static Struct row(boolean withAddress) {
        Struct r = new Struct(ROW).put("id", 1).put("email", "e");
        return withAddress ? r.put("address", new Struct(ADDRESS).put("city", "Oslo")) : r;
    }

    private static Map<String, Object> map(Object address) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 1);
        m.put("email", "e");
        m.put("address", address);
        return m;
    }

    private static Map<String, Object> city() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("city", "Oslo");
        return a;
    }

    private static List<String> names(Schema s) {
        List<String> out = new ArrayList<>();
        for (Field f : s.fields()) {
            out.add(f.name());
        }
        return out;
    }

    private static RowPlan.Builder tagged() {
        return RowPlan.builder().add(FieldPath.parse("address.tag"), Schema.OPTIONAL_STRING_SCHEMA, TAG);
    }

    /** A struct of optional fields added by a source that names its schema: shared as it is, or checked. */
    @Test
    void anAddedStructOfTheFieldsOwnSchemaIsTakenAsItIsAndAnyOtherIsChecked() {
        Schema found = SchemaBuilder.struct().name("found").optional().field("tier", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Schema other = SchemaBuilder.struct().name("found").optional().field("tier", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
        Struct shared = new Struct(found).put("tier", "gold");
        Object[] next = {shared};
        RowPlan plan = RowPlan.builder().add(FieldPath.parse("lookup"), found, ValueSource.of(found, c -> next[0]))
                .build();
        StructForm form = plan.compile(ROW);
        Struct out = form.apply(row(false), RowContext.of(null, row(false), null, Image.VALUE, null));
        assertTrue(out.get("lookup") == shared, "the same Struct, not a copy");
        next[0] = new Struct(other).put("tier", 7);
        FieldPathException e = assertThrows(FieldPathException.class,
                () -> form.apply(row(false), RowContext.of(null, row(false), null, Image.VALUE, null)));
        assertTrue(e.getMessage().contains("does not fit the field's schema"), e.getMessage());
        next[0] = "not a struct";
        assertThrows(FieldPathException.class,
                () -> form.apply(row(false), RowContext.of(null, row(false), null, Image.VALUE, null)));
    }

    @Test
    void belowARemovedNameAnAdditionMakesANewStruct() {
        RowPlan plan = tagged().field(FieldPath.parse("address"), FieldOperation.remove()).build();
        Struct out = plan.compile(ROW).apply(row(true), null);
        assertEquals(List.of("id", "email", "address"), names(out.schema()));
        assertEquals(List.of("tag"), names(out.schema().field("address").schema()));
        assertTrue(out.schema().field("address").schema().isOptional());
        assertEquals("t", out.getStruct("address").get("tag"));
        Map<String, Object> m = plan.apply(map(city()), null);
        assertEquals(Map.of("tag", "t"), m.get("address"));
    }

    @Test
    void belowANameRenamedAwayAnAdditionGoesIntoTheRenamedStructAndAtItIsANewField() {
        RowPlan plan = tagged().field(FieldPath.parse("address"), FieldOperation.rename("home"))
                .add(FieldPath.parse("email"), Schema.OPTIONAL_STRING_SCHEMA, TAG)
                .field(FieldPath.parse("email"), FieldOperation.rename("mail"))
                .build();
        Struct out = plan.compile(ROW).apply(row(true), null);
        assertEquals(List.of("id", "mail", "home", "email"), names(out.schema()));
        assertEquals(List.of("city", "tag"), names(out.schema().field("home").schema()));
        assertEquals("t", out.getStruct("home").get("tag"));
        assertEquals("t", out.get("email"));
        Map<String, Object> m = plan.apply(map(city()), null);
        assertEquals(List.of("id", "mail", "home", "email"), List.copyOf(m.keySet()));
        assertEquals(Map.of("city", "Oslo", "tag", "t"), m.get("home"));
    }

    @Test
    void belowANameNotKeptAnAdditionMakesANewStruct() {
        RowPlan plan = tagged().keepOnly(List.of(FieldPath.parse("id"))).build();
        Struct out = plan.compile(ROW).apply(row(true), null);
        assertEquals(List.of("id", "address"), names(out.schema()));
        assertEquals(List.of("tag"), names(out.schema().field("address").schema()));
        Map<String, Object> m = plan.apply(map(city()), null);
        assertEquals(List.of("id", "address"), List.copyOf(m.keySet()));
        assertEquals(Map.of("tag", "t"), m.get("address"));
    }

    @Test
    void anAdditionIntoAParentThatIsNullInARowFailsThatRowInsteadOfLosingTheValue() {
        RowPlan plan = tagged().build();
        StructForm form = plan.compile(ROW);
        assertEquals("t", form.apply(row(true), null).getStruct("address").get("tag"));
        FieldPathException s = assertThrows(FieldPathException.class, () -> form.apply(row(false), null));
        assertEquals("address", s.path());
        assertTrue(s.getMessage().contains("Cannot add 'address.tag': 'address' is null in this row"), s.getMessage());
        FieldPathException m = assertThrows(FieldPathException.class, () -> plan.apply(map(null), null));
        assertTrue(m.getMessage().contains("'address' is null in this row"), m.getMessage());
        FieldPathException notAMap = assertThrows(FieldPathException.class, () -> plan.apply(map(42), null));
        assertTrue(notAMap.getMessage().contains("'address' is a java.lang.Integer, not a map"), notAMap.getMessage());
        Map<String, Object> missing = map(null);
        missing.remove("address");
        assertEquals(Map.of("tag", "t"), plan.apply(missing, null).get("address"), "a missing parent is created");
    }

    @Test
    void aPatternThatRemovesTheParentMakesTheAdditionANewStructInBothForms() {
        RowPlan plan = tagged().field(FieldPath.parse("addr*"), FieldOperation.remove()).build();
        Struct out = plan.compile(ROW).apply(row(true), null);
        assertEquals(List.of("tag"), names(out.schema().field("address").schema()));
        assertEquals(Map.of("tag", "t"), plan.apply(map(city()), null).get("address"));
    }

    @Test
    void aNullParentFailsOnlyWhenAnAddedValueWouldBeLost() {
        ValueSource nothing = ValueSource.constant(null, Schema.OPTIONAL_STRING_SCHEMA);
        RowPlan plan = RowPlan.builder().add(FieldPath.parse("address.town"), Schema.OPTIONAL_STRING_SCHEMA, nothing)
                .build();
        Struct out = plan.compile(ROW).apply(row(false), null);
        assertNull(out.get("address"), "a null added into a null struct loses nothing");
        assertNull(plan.apply(map(null), null).get("address"));
    }

    @Test
    void aNullRowImageHasNothingAddedAndDoesNotFail() {
        RowPlan plan = RowPlan.builder().add(FieldPath.parse("tag"), Schema.OPTIONAL_STRING_SCHEMA, TAG).build();
        assertNull(plan.compileImage(SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA).build())
                .apply(null, null));
    }

    @Test
    void anAdditionInsideAnotherIsAConflictInBothOrders() {
        for (boolean parentFirst : new boolean[] {true, false}) {
            RowPlan.Builder b = RowPlan.builder();
            FieldPath parent = FieldPath.parse("meta");
            FieldPath child = FieldPath.parse("meta.tag");
            if (parentFirst) {
                b.add(parent, Schema.OPTIONAL_STRING_SCHEMA, TAG).add(child, Schema.OPTIONAL_STRING_SCHEMA, TAG);
            } else {
                b.add(child, Schema.OPTIONAL_STRING_SCHEMA, TAG).add(parent, Schema.OPTIONAL_STRING_SCHEMA, TAG);
            }
            assertThrows(FieldPathException.class, b::build, "schemaless, parent first: " + parentFirst);
        }
    }

    @Test
    void aPartialImageGetsOnlyTheAdditionsFromTheRow() {
        ValueSource email = ValueSource.of(null, c -> {
            Object v = ((Map<?, ?>) c.row()).get("email");
            return v == null ? ValueSource.NONE : v;
        }, "moved from 'email'");
        RowPlan plan = RowPlan.builder()
                .field(FieldPath.parse("email"), FieldOperation.remove())
                .addFromRow(FieldPath.parse("contact.email"), Schema.OPTIONAL_STRING_SCHEMA, email)
                .add(FieldPath.parse("tag"), Schema.OPTIONAL_STRING_SCHEMA, TAG)
                .build();
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("email", "old@example.com");
        Map<String, Object> out = plan.applyPartial(old, RowContext.of(null, old, null, Image.BEFORE, null));
        assertEquals(Map.of("contact", Map.of("email", "old@example.com")), out);
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("id", 2);
        assertEquals(Map.of("id", 2), plan.applyPartial(other, RowContext.of(null, other, null, Image.BEFORE, null)),
                "no email in the partial image: nothing moved, nothing else added");
        Map<String, Object> full = map(null);
        full.remove("address");
        Map<String, Object> f = plan.apply(full, RowContext.of(null, full, null, Image.AFTER, null));
        assertEquals(List.of("id", "contact", "tag"), List.copyOf(f.keySet()));
    }
}
