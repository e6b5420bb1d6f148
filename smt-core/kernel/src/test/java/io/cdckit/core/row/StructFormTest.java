package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.PathFixtures;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.WithheldException;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.cdckit.core.path.PathFixtures.ADDRESS;
import static io.cdckit.core.path.PathFixtures.ENVELOPE;
import static io.cdckit.core.path.PathFixtures.ITEM;
import static io.cdckit.core.path.PathFixtures.ITEMS;
import static io.cdckit.core.path.PathFixtures.SOURCE;
import static io.cdckit.core.path.PathFixtures.VALUE;
import static io.cdckit.core.path.PathFixtures.createEnvelope;
import static io.cdckit.core.path.PathFixtures.deepCopy;
import static io.cdckit.core.path.PathFixtures.envelope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructFormTest {

    private static final Schema MASKED_PRICE = Schema.OPTIONAL_STRING_SCHEMA;

    private static Object mask(Object value) {
        return value == null ? null : "****";
    }

    private static List<String> fieldNames(Schema schema) {
        List<String> names = new ArrayList<>();
        for (Field field : schema.fields()) {
            names.add(field.name());
        }
        return names;
    }

    // ------------------------------------------------------------------------------------ input schema

    @Test
    void refusesARowOfAnotherSchemaAndAcceptsAnEqualOne() {
        StructForm form = StructForm.builder(VALUE)
            .add(FieldPath.parse("email"), FieldOperation.remove())
            .build();
        Schema other = SchemaBuilder.struct().name(VALUE.name()).field("id", Schema.INT8_SCHEMA).build();
        Struct foreign = new Struct(other).put("id", (byte) 1);
        FieldPathException e = assertThrows(FieldPathException.class, () -> form.apply(foreign, null));
        assertTrue(e.getMessage().contains("of 1 fields, expected"), e.getMessage());
        assertFalse(e.getMessage().contains("=1"), "no value in the message: " + e.getMessage());

        // an equal schema of another instance is the same row type, read as before, twice (remembered)
        Schema equal = new ConnectSchema(VALUE.type(), VALUE.isOptional(), VALUE.defaultValue(), VALUE.name(),
            VALUE.version(), VALUE.doc(), VALUE.parameters(), VALUE.fields(), null, null);
        Struct after = envelope().getStruct("after");
        Struct copy = new Struct(equal);
        for (Field f : VALUE.fields()) {
            copy.put(f.name(), after.getWithoutDefault(f.name()));
        }
        assertNotSame(VALUE, copy.schema());
        assertEquals(VALUE, copy.schema());
        for (int i = 0; i < 2; i++) {
            Struct out = form.apply(copy, null);
            assertNull(out.schema().field("email"));
            assertEquals(copy.get("name"), out.get("name"));
        }
    }

    // ------------------------------------------------------------------------------------ operations

    @Test
    void removesAField() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.email"), FieldOperation.remove())
            .build();
        Schema after = rewriter.outputSchema().field("after").schema();
        assertNull(after.field("email"));
        assertEquals(Arrays.asList("id", "name", "created_at", "updated_at", "address", "items", "tags", "attrs",
            "contacts", "matrix"), fieldNames(after));

        Struct in = envelope();
        Struct out = rewriter.apply(in, null);
        out.validate();
        assertSame(rewriter.outputSchema(), out.schema());
        assertEquals("Ann", out.getStruct("after").get("name"));
        assertEquals("ann@old.example", out.getStruct("before").get("email"));
    }

    @Test
    void replacesWithATypeChange() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("*.items[*].price"), FieldOperation.replace(MASKED_PRICE, StructFormTest::mask))
            .build();
        Schema item = rewriter.outputSchema().field("after").schema().field("items").schema().valueSchema();
        assertSame(MASKED_PRICE, item.field("price").schema());
        assertSame(ITEM.field("sku").schema(), item.field("sku").schema());

        Struct out = rewriter.apply(envelope(), null);
        out.validate();
        List<Object> items = out.getStruct("after").getArray("items");
        assertEquals("****", ((Struct) items.get(0)).get("price"));
        assertNull(items.get(1));
        assertNull(((Struct) items.get(2)).get("price"));
        assertEquals("A-1", ((Struct) items.get(0)).get("sku"));
        assertEquals("****", ((Struct) out.getStruct("before").getArray("items").get(0)).get("price"));
    }

    @Test
    void replaceFunctionSeesRawValuesIncludingNull() {
        List<Object> seen = new ArrayList<>();
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("ts_ms"), FieldOperation.replace(v -> {
                seen.add(v);
                return v;
            }))
            .add(FieldPath.parse("after.address.zip"), FieldOperation.replace(v -> {
                seen.add(v);
                return v;
            }))
            .build();
        Struct out = rewriter.apply(envelope(), null);
        assertEquals(Arrays.asList(null, null), seen);
        assertNull(out.getWithoutDefault("ts_ms"));
    }

    @Test
    void renamesKeepingPositionSchemaAndValue() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.email"), FieldOperation.rename("mail"))
            .build();
        Schema after = rewriter.outputSchema().field("after").schema();
        assertEquals(2, after.field("mail").index());
        assertSame(VALUE.field("email").schema(), after.field("mail").schema());
        Struct out = rewriter.apply(envelope(), null);
        assertEquals("ann@new.example", out.getStruct("after").get("mail"));
    }

    @Test
    void renamesAndReplaces() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.id"), FieldOperation.renameAndReplace("id_text", Schema.STRING_SCHEMA,
                v -> "#" + v))
            .build();
        Struct out = rewriter.apply(envelope(), null);
        assertEquals("#7", out.getStruct("after").get("id_text"));
        assertEquals(Schema.Type.STRING, rewriter.outputSchema().field("after").schema().field("id_text").schema().type());
    }

    @Test
    void renamesAStructAndRewritesInsideIt() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after"), FieldOperation.rename("row"))
            .add(FieldPath.parse("after.email"), FieldOperation.remove())
            .build();
        Struct out = rewriter.apply(envelope(), null);
        assertNull(rewriter.outputSchema().field("after"));
        assertNull(out.getStruct("row").schema().field("email"));
        assertEquals("Ann", out.getStruct("row").get("name"));
    }

    @Test
    void rewritesInsideArraysMapsAndSeveralLevels() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.items[*].sku"), FieldOperation.remove())
            .add(FieldPath.parse("after.matrix[*][*].sku"), FieldOperation.replace(v -> ((String) v).toLowerCase(Locale.ROOT)))
            .add(FieldPath.parse("after.contacts[*].city"), FieldOperation.remove())
            .add(FieldPath.parse("after.tags[*]"), FieldOperation.replace(v -> ((String) v).toUpperCase(Locale.ROOT)))
            .add(FieldPath.parse("after.attrs[*]"), FieldOperation.replace(Schema.OPTIONAL_INT32_SCHEMA,
                v -> v == null ? null : ((String) v).length()))
            .build();
        Schema after = rewriter.outputSchema().field("after").schema();
        assertNull(after.field("items").schema().valueSchema().field("sku"));
        assertNull(after.field("contacts").schema().valueSchema().field("city"));
        assertSame(VALUE.field("tags").schema(), after.field("tags").schema(), "same element schema: array reused");
        assertSame(VALUE.field("matrix").schema(), after.field("matrix").schema());
        assertSame(Schema.OPTIONAL_INT32_SCHEMA, after.field("attrs").schema().valueSchema());

        Struct in = envelope();
        Struct out = rewriter.apply(in, null);
        out.validate();
        Struct outAfter = out.getStruct("after");
        List<Object> items = outAfter.getArray("items");
        assertEquals(3, items.size());
        assertEquals(2, ((Struct) items.get(0)).get("qty"));
        assertNull(items.get(1));
        assertEquals(Arrays.asList("VIP", "NEW"), outAfter.getArray("tags"));
        List<List<Struct>> matrix = outAfter.getArray("matrix");
        assertEquals("m-3", matrix.get(1).get(1).get("sku"));
        Map<String, Struct> contacts = outAfter.getMap("contacts");
        assertEquals(Arrays.asList("home", "work"), new ArrayList<>(contacts.keySet()));
        assertEquals("1 Home St", contacts.get("home").get("street"));
        Map<String, Integer> attrs = outAfter.getMap("attrs");
        assertEquals(4, attrs.get("tier"));
        assertTrue(attrs.containsKey("note"));
        assertNull(attrs.get("note"));
        // before is untouched
        assertSame(in.get("before"), out.get("before"));
    }

    @Test
    void functionFailuresAreReportedWithThePathAndWithoutTheirMessage() {
        IllegalStateException boom = new IllegalStateException("boom: a value");
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.items[*].sku"), FieldOperation.replace(v -> {
                throw boom;
            }))
            .build();
        FieldPathException e = assertThrows(FieldPathException.class, () -> rewriter.apply(envelope(), null));
        assertTrue(e.getCause() instanceof WithheldException, "the cause stands in for the exception");
        assertArrayEquals(boom.getStackTrace(), e.getCause().getStackTrace());
        assertEquals("after.items[*].sku", e.path());
        assertFalse(e.getMessage().contains("a value"), e.getMessage());
        assertFalse(e.getCause().getMessage().contains("a value"), e.getCause().getMessage());
        assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
    }

    @Test
    void replacedValueMustFitItsSchema() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.name"), FieldOperation.replace(v -> 42))
            .build();
        assertThrows(DataException.class, () -> rewriter.apply(envelope(), null));
    }

    @Test
    void nullOptionalParentsStayNull() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("*.email"), FieldOperation.replace(MASKED_PRICE, StructFormTest::mask))
            .add(FieldPath.parse("*.address.city"), FieldOperation.remove())
            .build();
        Struct in = createEnvelope();
        in.getStruct("after").put("address", null);
        Struct out = rewriter.apply(in, null);
        out.validate();
        assertNull(out.get("before"));
        assertNull(out.getStruct("after").get("address"));
        assertEquals("****", out.getStruct("after").get("email"));
        assertNull(rewriter.apply(null, null));
    }

    @Test
    void copiesValuesRaw() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("op"), FieldOperation.rename("operation"))
            .add(FieldPath.parse("after.address.street"), FieldOperation.remove())
            .build();
        Struct out = rewriter.apply(envelope(), null);
        assertNull(out.getWithoutDefault("ts_ms"), "null with a default stays null");
        assertEquals(-1L, out.get("ts_ms"));
        assertNull(out.getStruct("after").getStruct("address").getWithoutDefault("zip"));
    }

    // -------------------------------------------------------------------------------------- conflicts

    @Test
    void rejectsTwoOperationsOnTheSameField() {
        FieldPathException e = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("*.email"), FieldOperation.remove())
            .add(FieldPath.parse("after.email"), FieldOperation.replace(v -> v))
            .build());
        assertEquals("Conflicting operations on 'after.email': REMOVE (from '*.email') and REPLACE (from 'after.email')",
            e.getMessage());
    }

    @Test
    void rejectsOperationsInsideRemovedOrReplacedFields() {
        FieldPathException removed = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.address.city"), FieldOperation.replace(v -> v))
            .add(FieldPath.parse("after.address"), FieldOperation.remove())
            .build());
        assertEquals("Conflicting operations: REMOVE of 'after.address' (from 'after.address') overrides REPLACE of "
            + "'after.address.city' (from 'after.address.city') inside it", removed.getMessage());

        FieldPathException replaced = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.items"), FieldOperation.replace(v -> v))
            .add(FieldPath.parse("after.items[*].sku"), FieldOperation.remove())
            .build());
        assertTrue(replaced.getMessage().contains("REPLACE of 'after.items'"), replaced.getMessage());

        FieldPathException elements = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.matrix[*]"), FieldOperation.replace(v -> v))
            .add(FieldPath.parse("after.matrix[*][*].sku"), FieldOperation.remove())
            .build());
        assertTrue(elements.getMessage().contains("overrides REMOVE of 'after.matrix[*][*].sku'"), elements.getMessage());

        FieldPathException twice = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.tags[*]"), FieldOperation.replace(v -> v))
            .add(FieldPath.parse("after.*[*]"), FieldOperation.replace(v -> v))
            .build());
        assertTrue(twice.getMessage().startsWith("Conflicting operations on 'after.tags[*]'"), twice.getMessage());
    }

    @Test
    void rejectsRenamesOntoExistingNames() {
        FieldPathException clash = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.email"), FieldOperation.rename("name"))
            .build());
        assertEquals("Cannot rename 'after.email' to 'name' (from 'after.email'): the struct already has a field 'name'",
            clash.getMessage());

        FieldPathException both = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.*_at"), FieldOperation.rename("ts"))
            .build());
        assertTrue(both.getMessage().contains("already has a field 'ts'"), both.getMessage());

        // Swapping names is fine.
        StructForm swap = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.email"), FieldOperation.rename("name"))
            .add(FieldPath.parse("after.name"), FieldOperation.rename("email"))
            .build();
        Struct out = swap.apply(envelope(), null);
        assertEquals("Ann", out.getStruct("after").get("email"));
        assertEquals("ann@new.example", out.getStruct("after").get("name"));
    }

    @Test
    void elementsCanOnlyBeReplaced() {
        FieldPathException e = assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.tags[*]"), FieldOperation.remove()));
        assertTrue(e.getMessage().startsWith("Cannot REMOVE 'after.tags[*]'"), e.getMessage());
        assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.tags[*]"), FieldOperation.rename("x")));
    }

    @Test
    void strictAndLenientAdd() {
        assertThrows(FieldPathException.class, () -> StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.nope"), FieldOperation.remove()));
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.nope"), Strictness.LENIENT, FieldOperation.remove())
            .add(FieldPath.parse("*.nope"), FieldOperation.remove())
            .build();
        assertTrue(rewriter.isIdentity());
    }

    @Test
    void rejectsPathsOfAnotherSchemaAndNonStructInputs() {
        ResolvedPath other = FieldPath.parse("db").resolve(SOURCE).get(0);
        assertThrows(IllegalArgumentException.class, () -> StructForm.builder(ENVELOPE).add(other, FieldOperation.remove()));
        assertThrows(IllegalArgumentException.class, () -> StructForm.builder(Schema.STRING_SCHEMA));
        // An equal schema is accepted.
        Schema copy = SchemaBuilder.struct().name(SOURCE.name())
            .field("db", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("weird.name", Schema.OPTIONAL_STRING_SCHEMA).build();
        StructForm rewriter = StructForm.builder(copy).add(other, FieldOperation.remove()).build();
        assertNull(rewriter.outputSchema().field("db"));
    }

    // ------------------------------------------------------------------------------------- schemas

    @Test
    void rebuiltSchemasKeepTheirMetadata() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.address.city"), FieldOperation.remove())
            .add(FieldPath.parse("after.items[*].qty"), FieldOperation.remove())
            .build();
        Schema envelope = rewriter.outputSchema();
        assertNotSame(ENVELOPE, envelope);
        assertMetadata(ENVELOPE, envelope);
        assertEquals("mysql", envelope.parameters().get("connector"));
        Schema after = envelope.field("after").schema();
        assertMetadata(VALUE, after);
        assertTrue(after.isOptional());
        Schema address = after.field("address").schema();
        assertMetadata(ADDRESS, address);
        assertEquals("crm", address.parameters().get("origin"));
        Schema items = after.field("items").schema();
        assertEquals(Schema.Type.ARRAY, items.type());
        assertMetadata(ITEMS, items);
        assertMetadata(ITEM, items.valueSchema());
        // field schemas with defaults are reused
        assertSame(ENVELOPE.field("ts_ms").schema(), envelope.field("ts_ms").schema());
        assertEquals(-1L, envelope.field("ts_ms").schema().defaultValue());
        assertSame(ADDRESS.field("zip").schema(), address.field("zip").schema());
    }

    private static void assertMetadata(Schema expected, Schema actual) {
        assertEquals(expected.type(), actual.type());
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.doc(), actual.doc());
        assertEquals(expected.parameters(), actual.parameters());
        assertEquals(expected.isOptional(), actual.isOptional());
    }

    @Test
    void rebuiltStructDropsItsDefaultUntouchedKeepsIt() {
        Schema inner = SchemaBuilder.struct().name("inner").field("a", Schema.INT32_SCHEMA)
            .field("b", Schema.INT32_SCHEMA).optional().build();
        Struct innerDefault = new Struct(inner).put("a", 1).put("b", 2);
        // SchemaBuilder cannot take a struct default (it compares the default's schema with itself),
        // so build the schema directly.
        Schema withDefault = new ConnectSchema(Schema.Type.STRUCT, true, innerDefault, "inner", null, null, null,
            inner.fields(), null, null);
        Schema root = SchemaBuilder.struct()
            .field("touched", withDefault)
            .field("untouched", withDefault)
            .field("n", SchemaBuilder.int32().defaultValue(5).build())
            .build();
        StructForm rewriter = StructForm.builder(root)
            .add(FieldPath.parse("touched.b"), FieldOperation.remove())
            .build();
        Schema out = rewriter.outputSchema();
        assertNull(out.field("touched").schema().defaultValue());
        assertEquals("inner", out.field("touched").schema().name());
        assertTrue(out.field("touched").schema().isOptional());
        assertSame(withDefault, out.field("untouched").schema());
        assertEquals(innerDefault, out.field("untouched").schema().defaultValue());
        assertEquals(5, out.field("n").schema().defaultValue());
    }

    @Test
    void unchangedSchemasAreReused() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.address.city"), FieldOperation.remove())
            .build();
        Schema out = rewriter.outputSchema();
        assertSame(out, rewriter.outputSchema(), "computed once");
        assertSame(VALUE, out.field("before").schema());
        assertSame(SOURCE, out.field("source").schema());
        Schema after = out.field("after").schema();
        assertSame(ITEMS, after.field("items").schema());
        assertSame(VALUE.field("contacts").schema(), after.field("contacts").schema());
        assertSame(VALUE.field("id").schema(), after.field("id").schema());
    }

    @Test
    void replaceKeepingTheSchemaKeepsEverySchema() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("*.email"), FieldOperation.replace(StructFormTest::mask))
            .add(FieldPath.parse("after.items[*].price"), FieldOperation.replace(PathFixtures.PRICE, v -> v))
            .add(FieldPath.parse("after.address.city"),
                FieldOperation.replace(SchemaBuilder.string().optional().build(), v -> v))
            .build();
        assertSame(ENVELOPE, rewriter.outputSchema());
        assertFalse(rewriter.isIdentity());
        Struct in = envelope();
        Struct out = rewriter.apply(in, null);
        assertNotSame(in, out);
        assertSame(ENVELOPE, out.schema());
        assertEquals("****", out.getStruct("before").get("email"));
    }

    @Test
    void noOperationsIsTheIdentity() {
        StructForm rewriter = StructForm.builder(ENVELOPE).build();
        assertTrue(rewriter.isIdentity());
        assertSame(ENVELOPE, rewriter.inputSchema());
        assertSame(ENVELOPE, rewriter.outputSchema());
        Struct in = envelope();
        assertSame(in, rewriter.apply(in, null));
    }

    @Test
    void decimalMaskedToString() {
        Schema row = SchemaBuilder.struct().field("amount", Decimal.schema(2)).build();
        StructForm rewriter = StructForm.builder(row)
            .add(FieldPath.parse("amount"), FieldOperation.replace(Schema.STRING_SCHEMA, v -> "x".repeat(v.toString().length())))
            .build();
        Struct out = rewriter.apply(new Struct(row).put("amount", new BigDecimal("12.34")), null);
        assertEquals("xxxxx", out.get("amount"));
    }

    // ---------------------------------------------------------------------------- sharing, no mutation

    @Test
    void sharesUntouchedValuesAndNeverMutatesTheInput() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("after.email"), FieldOperation.replace(MASKED_PRICE, StructFormTest::mask))
            .add(FieldPath.parse("after.items[*].price"), FieldOperation.replace(MASKED_PRICE, StructFormTest::mask))
            .add(FieldPath.parse("after.contacts[*].street"), FieldOperation.rename("line1"))
            .add(FieldPath.parse("after.tags[*]"), FieldOperation.replace(v -> ((String) v).toUpperCase(Locale.ROOT)))
            .build();
        Struct in = envelope();
        Struct snapshot = deepCopy(in);
        Struct inAfter = in.getStruct("after");
        Object inItems = inAfter.get("items");
        Object inTags = inAfter.get("tags");
        Object inContacts = inAfter.get("contacts");

        Struct out = rewriter.apply(in, null);
        out.validate();

        // untouched parts are shared
        assertSame(in.get("before"), out.get("before"));
        assertSame(in.get("source"), out.get("source"));
        Struct outAfter = out.getStruct("after");
        assertSame(inAfter.get("address"), outAfter.get("address"));
        assertSame(inAfter.get("attrs"), outAfter.get("attrs"));
        assertSame(inAfter.get("matrix"), outAfter.get("matrix"));
        assertSame(inAfter.get("name"), outAfter.get("name"));
        // touched parts are new
        assertNotSame(inAfter, outAfter);
        assertNotSame(inItems, outAfter.get("items"));
        assertNotSame(inTags, outAfter.get("tags"));
        assertNotSame(inContacts, outAfter.get("contacts"));
        assertEquals("1 Home St", outAfter.<String, Struct>getMap("contacts").get("home").get("line1"));

        // the input is unchanged, deeply and by identity
        assertEquals(snapshot, in);
        assertSame(inAfter, in.get("after"));
        assertSame(inItems, inAfter.get("items"));
        assertSame(inTags, inAfter.get("tags"));
        assertSame(inContacts, inAfter.get("contacts"));
        assertEquals("ann@new.example", inAfter.get("email"));
        assertEquals(new BigDecimal("9.99"), ((Struct) inAfter.getArray("items").get(0)).get("price"));
        assertEquals(Arrays.asList("vip", "new"), inTags);
    }

    @Test
    void reusableAcrossRecords() {
        StructForm rewriter = StructForm.builder(ENVELOPE)
            .add(FieldPath.parse("*.email"), FieldOperation.remove())
            .build();
        Struct first = rewriter.apply(envelope(), null);
        Struct second = rewriter.apply(createEnvelope(), null);
        assertSame(first.schema(), second.schema());
        assertEquals("Bob", second.getStruct("after").get("name"));
        assertNull(second.get("before"));
    }
}
