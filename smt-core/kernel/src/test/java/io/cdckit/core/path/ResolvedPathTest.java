package io.cdckit.core.path;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;

import static io.cdckit.core.path.PathFixtures.ENVELOPE;
import static io.cdckit.core.path.PathFixtures.createEnvelope;
import static io.cdckit.core.path.PathFixtures.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolvedPathTest {

    private static ResolvedPath resolve(String path) {
        List<ResolvedPath> resolved = FieldPath.parse(path).resolve(ENVELOPE);
        assertEquals(1, resolved.size());
        return resolved.get(0);
    }

    @Test
    void getsNestedValues() {
        Struct event = envelope();
        assertEquals("ann@new.example", resolve("after.email").get(event));
        assertEquals("Springfield", resolve("after.address.city").get(event));
        assertEquals("w", resolve("source.`weird.name`").get(event));
        assertSame(event.getStruct("after").get("items"), resolve("after.items").get(event));
        assertSame(event.getStruct("after"), resolve("after").get(event));
    }

    @Test
    void nullOptionalParentGivesNull() {
        Struct event = createEnvelope();
        assertNull(resolve("before.email").get(event));
        assertNull(resolve("before.address.city").getWithoutDefault(event));
        Struct after = event.getStruct("after");
        after.put("address", null);
        assertNull(resolve("after.address.city").get(event));
        assertNull(resolve("after.email").get(null));
    }

    @Test
    void getAppliesDefaultsAndGetWithoutDefaultDoesNot() {
        Struct event = envelope();
        assertEquals(-1L, resolve("ts_ms").get(event));
        assertNull(resolve("ts_ms").getWithoutDefault(event));
        assertEquals("00000", resolve("after.address.zip").get(event));
        assertNull(resolve("after.address.zip").getWithoutDefault(event));
        event.put("ts_ms", 42L);
        assertEquals(42L, resolve("ts_ms").get(event));
        assertEquals(42L, resolve("ts_ms").getWithoutDefault(event));
    }

    @Test
    void getRejectsMultiValuedPaths() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> resolve("after.items[*].sku").get(envelope()));
        assertTrue(e.getMessage().contains("after.items[*].sku"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> resolve("after.tags[*]").getWithoutDefault(envelope()));
    }

    @Test
    void forEachVisitsArrayElementsSkippingNullElements() {
        // items = [A-1, null, B-2]
        assertEquals(Arrays.asList("A-1", "B-2"), collect(resolve("after.items[*].sku"), envelope()));
        assertEquals(Arrays.asList(new BigDecimal("9.99"), null), collect(resolve("after.items[*].price"), envelope()));
        assertEquals(Arrays.asList("vip", "new"), collect(resolve("after.tags[*]"), envelope()));
        assertEquals(Arrays.asList("M-1", "M-2", "M-3"), collect(resolve("after.matrix[*][*].sku"), envelope()));
    }

    @Test
    void forEachVisitsMapValues() {
        assertEquals(Arrays.asList("1 Home St", "2 Work Ave"), collect(resolve("after.contacts[*].street"), envelope()));
        assertEquals(Arrays.asList("gold", null), collect(resolve("after.attrs[*]"), envelope()));
    }

    @Test
    void forEachOnSingleValuedPathVisitsOnceIncludingNull() {
        assertEquals(Collections.singletonList("ann@new.example"), collect(resolve("after.email"), envelope()));
        Struct event = envelope();
        event.getStruct("after").put("email", null);
        assertEquals(Collections.singletonList(null), collect(resolve("after.email"), event));
        // null parent: nothing
        assertTrue(collect(resolve("before.email"), createEnvelope()).isEmpty());
        assertTrue(collect(resolve("before.items[*].sku"), createEnvelope()).isEmpty());
        assertTrue(collect(resolve("after.email"), null).isEmpty());
    }

    @Test
    void forEachAppliesDefaultsUnlessAskedNotTo() {
        List<Object> withDefaults = new ArrayList<>();
        resolve("after.contacts[*].zip").forEach(envelope(), withDefaults::add);
        assertEquals(Arrays.asList("00000", "00000"), withDefaults);
        List<Object> raw = new ArrayList<>();
        resolve("after.contacts[*].zip").forEachWithoutDefault(envelope(), raw::add);
        assertEquals(Arrays.asList(null, null), raw);
    }

    @Test
    void forEachWorksOnNonRandomAccessLists() {
        Struct event = envelope();
        event.getStruct("after").put("tags", new LinkedList<>(Arrays.asList("x", "y")));
        assertEquals(Arrays.asList("x", "y"), collect(resolve("after.tags[*]"), event));
    }

    @Test
    void forEachRejectsNonStructRoots() {
        FieldPathException e = assertThrows(FieldPathException.class,
            () -> resolve("after.email").forEach("secret@example", v -> { }));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "must not show the value");
    }

    @Test
    void patternPathsResolveToIndependentReaders() {
        List<ResolvedPath> emails = FieldPath.parse("*.email").resolve(ENVELOPE);
        Struct event = envelope();
        assertEquals("ann@old.example", emails.get(0).get(event));
        assertEquals("ann@new.example", emails.get(1).get(event));
    }

    @Test
    void exposesPathSchemasAndField() {
        ResolvedPath sku = resolve("after.items[*].sku");
        assertEquals(FieldPath.parse("after.items[*].sku"), sku.path());
        assertSame(ENVELOPE, sku.rootSchema());
        assertSame(Schema.STRING_SCHEMA, sku.schema());
        assertEquals("sku", sku.field().name());
        assertTrue(sku.isMultiValued());
        assertNull(resolve("after.tags[*]").field());
    }

    @Test
    void readsStructsOfAnEqualSchema() {
        Schema a = SchemaBuilder.struct().name("x").field("v", Schema.INT32_SCHEMA).build();
        Schema b = SchemaBuilder.struct().name("x").field("v", Schema.INT32_SCHEMA).build();
        ResolvedPath v = FieldPath.parse("v").resolve(a).get(0);
        assertEquals(5, v.get(new Struct(b).put("v", 5)));
    }

    private static List<Object> collect(ResolvedPath path, Struct root) {
        List<Object> out = new ArrayList<>();
        path.forEach(root, out::add);
        return out;
    }
}
