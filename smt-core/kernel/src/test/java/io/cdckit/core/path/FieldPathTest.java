package io.cdckit.core.path;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.cdckit.core.path.PathFixtures.ENVELOPE;
import static io.cdckit.core.path.PathFixtures.ITEM;
import static io.cdckit.core.path.PathFixtures.VALUE;
import static io.cdckit.core.path.PathFixtures.jsonEnvelope;
import static io.cdckit.core.path.PathFixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldPathTest {

    // ---------------------------------------------------------------------------------------- parse

    @Test
    void lookupTellsAMissingKeyFromANullAndReadsNullBelowANullParent() {
        java.util.Map<String, Object> address = new java.util.HashMap<>();
        address.put("zip", null);
        java.util.Map<String, Object> row = new java.util.HashMap<>();
        row.put("address", address);
        row.put("nothing", null);
        row.put("n", 1);
        assertNull(FieldPath.parse("address.zip").lookup(row));
        assertSame(MapPaths.MISSING, FieldPath.parse("address.city").lookup(row));
        assertNull(FieldPath.parse("nothing.city").lookup(row), "below a null parent: null, as a Struct reads it");
        assertSame(MapPaths.MISSING, FieldPath.parse("n.x").lookup(row), "inside a value that is not a map");
        assertSame(MapPaths.MISSING, FieldPath.parse("a").lookup(null));
        assertThrows(IllegalStateException.class, () -> FieldPath.parse("*.zip").lookup(row));
    }

    @Test
    void parsesDottedNames() {
        FieldPath path = FieldPath.parse("after.customer.email");
        assertEquals(3, path.segments().size());
        assertEquals("after", path.segments().get(0).name());
        assertEquals("customer", path.segments().get(1).name());
        assertEquals("email", path.segments().get(2).name());
        assertFalse(path.hasPattern());
        assertFalse(path.hasElements());
        assertTrue(path.isSingleValued());
        assertEquals("after.customer.email", path.toString());
    }

    @Test
    void parsesBacktickedNames() {
        FieldPath path = FieldPath.parse("`weird.name`.x");
        assertEquals(Arrays.asList("weird.name", "x"), names(path));
        assertEquals("`weird.name`.x", path.toString());

        FieldPath escaped = FieldPath.parse("`a``b`.`[c]`.` sp ace`");
        assertEquals(Arrays.asList("a`b", "[c]", " sp ace"), names(escaped));
        assertEquals("`a``b`.`[c]`.` sp ace`", escaped.toString());

        FieldPath empty = FieldPath.parse("a.``");
        assertEquals(Arrays.asList("a", ""), names(empty));
        assertEquals("a.``", empty.toString());
    }

    @Test
    void backticksAreDroppedWhereNotNeeded() {
        FieldPath path = FieldPath.parse("`after`.`email`");
        assertEquals(FieldPath.parse("after.email"), path);
        assertEquals("after.email", path.toString());
    }

    @Test
    void parsesElements() {
        FieldPath path = FieldPath.parse("items[*].sku");
        assertEquals(1, path.segments().get(0).elements());
        assertEquals(0, path.segments().get(1).elements());
        assertTrue(path.hasElements());
        assertFalse(path.hasPattern());
        assertFalse(path.isSingleValued());

        FieldPath matrix = FieldPath.parse("matrix[*][*]");
        assertEquals(2, matrix.segments().get(0).elements());
        assertEquals("matrix[*][*]", matrix.toString());

        FieldPath quoted = FieldPath.parse("`a.b`[*].c");
        assertEquals("a.b", quoted.segments().get(0).name());
        assertEquals(1, quoted.segments().get(0).elements());
    }

    @Test
    void parsesPatterns() {
        FieldPath path = FieldPath.parse("*.email");
        assertTrue(path.segments().get(0).isPattern());
        assertFalse(path.segments().get(1).isPattern());
        assertTrue(path.hasPattern());
        assertFalse(path.isSingleValued());

        FieldPath suffix = FieldPath.parse("after.*_at");
        assertTrue(suffix.segments().get(1).isPattern());
        assertEquals("*_at", suffix.segments().get(1).name());

        FieldPath quoted = FieldPath.parse("`*`.x");
        assertFalse(quoted.segments().get(0).isPattern());
        assertFalse(quoted.hasPattern());
        assertEquals("`*`.x", quoted.toString());
        assertNotEquals(FieldPath.parse("*.x"), quoted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "after.customer.email", "`weird.name`.x", "items[*].sku", "matrix[*][*]",
        "*.email", "after.*_at", "*", "`*`", "`a``b`", "``", "`x y`[*].`z.w`[*][*].*", "a.``.b", "$x-1.é",
        "`\t`"})
    void canonicalTextRoundTrips(String text) {
        FieldPath path = FieldPath.parse(text);
        FieldPath again = FieldPath.parse(path.toString());
        assertEquals(path, again);
        assertEquals(path.hashCode(), again.hashCode());
        assertEquals(path.toString(), again.toString());
    }

    @Test
    void literalBuildsUnparsedNames() {
        FieldPath path = FieldPath.literal("weird.name", "*", "x");
        assertEquals("`weird.name`.`*`.x", path.toString());
        assertFalse(path.hasPattern());
        assertEquals(path, FieldPath.parse(path.toString()));
    }

    @Test
    void equalityIsBySegments() {
        assertEquals(FieldPath.parse("a.b[*]"), FieldPath.parse("`a`.b[*]"));
        assertNotEquals(FieldPath.parse("a.b[*]"), FieldPath.parse("a.b"));
        assertNotEquals(FieldPath.parse("a.b"), FieldPath.parse("`a.b`"));
        assertNotEquals(FieldPath.parse("a"), null);
    }

    @Test
    void segmentsAreUnmodifiable() {
        FieldPath path = FieldPath.parse("a.b");
        assertThrows(UnsupportedOperationException.class, () -> path.segments().clear());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"|0|empty path",
        "a..b|2|empty segment",
        ".a|0|empty segment",
        "a.|2|empty segment at the end",
        "`abc|0|unterminated backtick",
        "a.`b``|2|unterminated backtick",
        "a[0]|1|only [*] is allowed in brackets, found '[0]'",
        "a[*][1].b|4|only [*] is allowed in brackets, found '[1]'",
        "a[|1|unterminated '['",
        "a[*|1|unterminated '['",
        "[*].a|0|'[' must follow a field name",
        "a.[*]|2|'[' must follow a field name",
        "a]|1|unexpected ']'",
        "a[*]b|4|expected '.' or '[' after ']'",
        "`a`b|3|expected '.' or '[' after the closing backtick",
        "ab`c`|2|a backtick may only open a segment",
        "a b|1|whitespace or control character outside backticks",
        "\" a\"|0|whitespace or control character outside backticks",
    })
    void reportsSyntaxErrorsWithPosition(String text, int position, String reason) {
        FieldPathSyntaxException e = assertThrows(FieldPathSyntaxException.class, () -> FieldPath.parse(text));
        assertEquals(text, e.text());
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.reason().startsWith(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid field path '" + text + "' at position " + position + ": "),
            e.getMessage());
    }

    @Test
    void nullTextIsRejected() {
        assertThrows(NullPointerException.class, () -> FieldPath.parse(null));
    }

    @Test
    void segmentMatchesGlobs() {
        FieldPath.Segment suffix = FieldPath.parse("*_at").segments().get(0);
        assertTrue(suffix.matches("created_at"));
        assertTrue(suffix.matches("_at"));
        assertFalse(suffix.matches("created_at2"));
        FieldPath.Segment middle = FieldPath.parse("a*b*c").segments().get(0);
        assertTrue(middle.matches("abc"));
        assertTrue(middle.matches("axxbyyc"));
        assertTrue(middle.matches("abbbc"));
        assertFalse(middle.matches("acb"));
        assertTrue(FieldPath.parse("*").segments().get(0).matches(""));
        FieldPath.Segment literal = FieldPath.parse("`a*`").segments().get(0);
        assertTrue(literal.matches("a*"));
        assertFalse(literal.matches("ab"));
    }

    @Test
    void segmentOverlapDecidesWhetherSomeNameMatchesBoth() {
        assertTrue(overlap("*_at", "created_*"));
        assertTrue(overlap("*", "email"));
        assertTrue(overlap("a*", "*b"));
        assertTrue(overlap("email", "email"));
        assertFalse(overlap("*_at", "*_id"));
        assertFalse(overlap("a*", "b*"));
        assertFalse(overlap("email", "mail"));
        assertFalse(overlap("*x", "email"));
        assertTrue(overlap("a*c*e", "*b*d*"));
    }

    private static boolean overlap(String a, String b) {
        FieldPath.Segment sa = FieldPath.parse(a).segments().get(0);
        FieldPath.Segment sb = FieldPath.parse(b).segments().get(0);
        assertEquals(sa.overlaps(sb), sb.overlaps(sa));
        return sa.overlaps(sb);
    }

    // -------------------------------------------------------------------------------------- resolve

    @Test
    void resolvesNestedOptionalStructs() {
        List<ResolvedPath> resolved = FieldPath.parse("after.address.city").resolve(ENVELOPE);
        assertEquals(1, resolved.size());
        ResolvedPath path = resolved.get(0);
        assertEquals("after.address.city", path.toString());
        assertSame(Schema.OPTIONAL_STRING_SCHEMA, path.schema());
        assertSame(ENVELOPE, path.rootSchema());
        assertFalse(path.isMultiValued());
        assertEquals("city", path.field().name());
    }

    @Test
    void resolvesArraysOfStructsAndMaps() {
        ResolvedPath sku = FieldPath.parse("after.items[*].sku").resolve(ENVELOPE).get(0);
        assertEquals("after.items[*].sku", sku.toString());
        assertSame(Schema.STRING_SCHEMA, sku.schema());
        assertTrue(sku.isMultiValued());

        ResolvedPath tags = FieldPath.parse("after.tags[*]").resolve(ENVELOPE).get(0);
        assertSame(Schema.STRING_SCHEMA, tags.schema());
        assertNull(tags.field());

        ResolvedPath street = FieldPath.parse("after.contacts[*].street").resolve(ENVELOPE).get(0);
        assertSame(Schema.STRING_SCHEMA, street.schema());

        ResolvedPath matrix = FieldPath.parse("after.matrix[*][*].sku").resolve(ENVELOPE).get(0);
        assertEquals("after.matrix[*][*].sku", matrix.toString());

        ResolvedPath items = FieldPath.parse("after.items").resolve(ENVELOPE).get(0);
        assertSame(PathFixtures.ITEMS, items.schema());
        assertFalse(items.isMultiValued());
    }

    @Test
    void resolvesBacktickedNames() {
        ResolvedPath weird = FieldPath.parse("source.`weird.name`").resolve(ENVELOPE).get(0);
        assertEquals("source.`weird.name`", weird.toString());
        assertEquals("weird.name", weird.field().name());
    }

    @Test
    void patternsResolveEveryMatchInSchemaOrder() {
        assertEquals(Arrays.asList("before.email", "after.email"), texts(FieldPath.parse("*.email").resolve(ENVELOPE)));
        assertEquals(Arrays.asList("after.created_at", "after.updated_at"),
            texts(FieldPath.parse("after.*_at").resolve(ENVELOPE)));
        assertEquals(Arrays.asList("before", "after", "source", "op", "ts_ms"),
            texts(FieldPath.parse("*").resolve(ENVELOPE)));
        assertEquals(Arrays.asList("before.items[*].sku", "before.items[*].qty", "before.items[*].price",
            "after.items[*].sku", "after.items[*].qty", "after.items[*].price"),
            texts(FieldPath.parse("*.items[*].*").resolve(ENVELOPE)));
    }

    @Test
    void patternsSkipBranchesThatDoNotFit() {
        // source has no "email" and op is a string: not errors after a pattern.
        assertEquals(2, FieldPath.parse("*.email").resolve(ENVELOPE).size());
        // Only the ARRAY and MAP fields of after fit [*]; address (a struct) is skipped.
        assertEquals(Arrays.asList("after.items[*]", "after.tags[*]", "after.attrs[*]", "after.contacts[*]"),
            texts(FieldPath.parse("after.*s[*]").resolve(ENVELOPE)));
        // Only items has elements with a "sku" field; matrix elements are arrays, contacts values have no sku.
        assertEquals(Collections.singletonList("after.items[*].sku"),
            texts(FieldPath.parse("after.*[*].sku").resolve(ENVELOPE)));
        assertEquals(Collections.singletonList("after.matrix[*][*].sku"),
            texts(FieldPath.parse("after.*[*][*].sku").resolve(ENVELOPE)));
        // No automatic descent into arrays: items does not match *.*.s* below its elements.
        assertEquals(Arrays.asList("before.address.street", "after.address.street"),
            texts(FieldPath.parse("*.*.s*").resolve(ENVELOPE)));
    }

    @Test
    void patternMatchingNothingIsNotAnError() {
        assertTrue(FieldPath.parse("*.nothing").resolve(ENVELOPE).isEmpty());
        assertTrue(FieldPath.parse("after.zz*").resolve(ENVELOPE).isEmpty());
    }

    @Test
    void lenientResolutionIgnoresMissingNames() {
        assertTrue(FieldPath.parse("after.nope").resolve(ENVELOPE, Strictness.LENIENT).isEmpty());
        assertTrue(FieldPath.parse("nope.x").resolve(ENVELOPE, Strictness.LENIENT).isEmpty());
        assertEquals(1, FieldPath.parse("after.email").resolve(ENVELOPE, Strictness.LENIENT).size());
        // Type mismatches are still errors.
        assertThrows(FieldPathException.class, () -> FieldPath.parse("after.id.x").resolve(ENVELOPE, Strictness.LENIENT));
    }

    @Test
    void missingFieldNamesSegmentStructAndFields() {
        FieldPathException e = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.custmer.email").resolve(ENVELOPE));
        assertEquals("Cannot resolve field path 'after.custmer.email' at segment 'custmer': struct 'after' "
            + "(schema 'db.customers.Value') has no field 'custmer'; its fields are [id, name, email, created_at, "
            + "updated_at, address, items, tags, attrs, contacts, matrix]", e.getMessage());

        FieldPathException root = assertThrows(FieldPathException.class, () -> FieldPath.parse("aftr").resolve(ENVELOPE));
        assertTrue(root.getMessage().contains("at segment 'aftr': the root struct (schema 'db.customers.Envelope') "
            + "has no field 'aftr'; its fields are [before, after, source, op, ts_ms]"), root.getMessage());

        Schema unnamed = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        FieldPathException noName = assertThrows(FieldPathException.class, () -> FieldPath.parse("b").resolve(unnamed));
        assertTrue(noName.getMessage().endsWith("the root struct has no field 'b'; its fields are [a]"),
            noName.getMessage());
    }

    @Test
    void pathThroughPrimitiveNamesItsType() {
        FieldPathException e = assertThrows(FieldPathException.class, () -> FieldPath.parse("after.id.x").resolve(ENVELOPE));
        assertEquals("Cannot resolve field path 'after.id.x' at segment 'x': 'after.id' is of type INT64, not a struct",
            e.getMessage());
        FieldPathException decimal = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.items[*].price.x").resolve(ENVELOPE));
        assertTrue(decimal.getMessage().contains("'after.items[*].price' is of type BYTES "
            + "(org.apache.kafka.connect.data.Decimal), not a struct"), decimal.getMessage());
    }

    @Test
    void elementsOnNonCollectionNamesItsType() {
        FieldPathException e = assertThrows(FieldPathException.class, () -> FieldPath.parse("after.name[*]").resolve(ENVELOPE));
        assertEquals("Cannot resolve field path 'after.name[*]' at segment 'name[*]': 'after.name' is of type STRING; "
            + "[*] applies only to an ARRAY or a MAP", e.getMessage());
        FieldPathException twice = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.tags[*][*]").resolve(ENVELOPE));
        assertTrue(twice.getMessage().contains("'after.tags[*]' is of type STRING"), twice.getMessage());
        FieldPathException struct = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.address[*]").resolve(ENVELOPE));
        assertTrue(struct.getMessage().contains("'after.address' is of type STRUCT (db.Address)"), struct.getMessage());
    }

    @Test
    void namedSegmentOnCollectionSuggestsElements() {
        FieldPathException e = assertThrows(FieldPathException.class, () -> FieldPath.parse("after.items.sku").resolve(ENVELOPE));
        assertEquals("Cannot resolve field path 'after.items.sku' at segment 'sku': 'after.items' is an ARRAY; "
            + "address its elements with after.items[*]", e.getMessage());
        FieldPathException map = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.contacts.home").resolve(ENVELOPE));
        assertTrue(map.getMessage().endsWith("'after.contacts' is a MAP; address its values with after.contacts[*]"),
            map.getMessage());
        FieldPathException nested = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.matrix[*].sku").resolve(ENVELOPE));
        assertTrue(nested.getMessage().endsWith("address its elements with after.matrix[*][*]"), nested.getMessage());
    }

    @Test
    void nonStructRootIsRejected() {
        FieldPathException e = assertThrows(FieldPathException.class, () -> FieldPath.parse("a").resolve(Schema.STRING_SCHEMA));
        assertTrue(e.getMessage().endsWith("the root schema is of type STRING, not a struct"), e.getMessage());
        FieldPathException array = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("a").resolve(SchemaBuilder.array(ITEM).build()));
        assertTrue(array.getMessage().endsWith("the root schema is an ARRAY, not a struct"), array.getMessage());
    }

    @Test
    void resolutionErrorsBeforeAPatternAreStillReported() {
        assertThrows(FieldPathException.class, () -> FieldPath.parse("after.id.*").resolve(ENVELOPE));
        assertThrows(FieldPathException.class, () -> FieldPath.parse("nope.*").resolve(ENVELOPE));
    }

    @Test
    void resolvedListsAreUnmodifiable() {
        List<ResolvedPath> resolved = FieldPath.parse("*.email").resolve(ENVELOPE);
        assertThrows(UnsupportedOperationException.class, resolved::clear);
        assertSame(VALUE.field("email").schema(), resolved.get(0).schema());
    }

    // ----------------------------------------------------------------------------------- schemaless

    @Test
    void getsFromMaps() {
        Map<String, Object> json = jsonEnvelope();
        assertEquals("carl@example", FieldPath.parse("after.email").get(json, Strictness.STRICT));
        assertEquals("Shelbyville", FieldPath.parse("after.address.city").get(json, Strictness.STRICT));
        assertEquals("w", FieldPath.parse("source.`weird.name`").get(json, Strictness.STRICT));
        assertNull(FieldPath.parse("after.updated_at").get(json, Strictness.STRICT));
        // null parent: null, in both modes
        assertNull(FieldPath.parse("before.email").get(json, Strictness.STRICT));
        assertNull(FieldPath.parse("before.email").get(json, Strictness.LENIENT));
        assertNull(FieldPath.parse("a").get(null, Strictness.STRICT));
    }

    @Test
    void getOnMapsIsLenientOrStrict() {
        Map<String, Object> json = jsonEnvelope();
        assertNull(FieldPath.parse("after.nope").get(json, Strictness.LENIENT));
        assertNull(FieldPath.parse("op.x").get(json, Strictness.LENIENT));
        assertNull(FieldPath.parse("after.tags.x").get(json, Strictness.LENIENT));

        FieldPathException missing = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.nope").get(json, Strictness.STRICT));
        assertEquals("Cannot read field path 'after.nope' at segment 'nope': the map at 'after' has no key 'nope'",
            missing.getMessage());
        FieldPathException rootMissing = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("nope").get(json, Strictness.STRICT));
        assertTrue(rootMissing.getMessage().endsWith("the root map has no key 'nope'"), rootMissing.getMessage());
        FieldPathException notMap = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("op.x").get(json, Strictness.STRICT));
        assertEquals("Cannot read field path 'op.x' at segment 'x': 'op' is a java.lang.String, not a map",
            notMap.getMessage());
        assertFalse(notMap.getMessage().contains("'c'"), "must not show the value");
        FieldPathException list = assertThrows(FieldPathException.class,
            () -> FieldPath.parse("after.tags.x").get(json, Strictness.STRICT));
        assertTrue(list.getMessage().contains("'after.tags' is a java.util.ArrayList, not a map"), list.getMessage());
        assertFalse(list.getMessage().contains("vip"));
    }

    @Test
    void getOnMapsRejectsMultiValuedPaths() {
        assertThrows(IllegalStateException.class, () -> FieldPath.parse("*.email").get(jsonEnvelope(), Strictness.LENIENT));
        assertThrows(IllegalStateException.class, () -> FieldPath.parse("a[*]").get(jsonEnvelope(), Strictness.LENIENT));
    }

    @Test
    void getToleratesMapsWithOtherKeyTypes() {
        Map<Integer, Object> sorted = new TreeMap<>();
        sorted.put(1, "one");
        assertNull(FieldPath.parse("a").get(sorted, Strictness.LENIENT));
        assertThrows(FieldPathException.class, () -> FieldPath.parse("a").get(sorted, Strictness.STRICT));
    }

    @Test
    void forEachOnMapsVisitsEveryMatch() {
        Map<String, Object> json = jsonEnvelope();
        assertEquals(Arrays.asList("A-1", "B-2"), collect(FieldPath.parse("after.items[*].sku"), json, Strictness.STRICT));
        assertEquals(Arrays.asList("vip", "new"), collect(FieldPath.parse("after.tags[*]"), json, Strictness.STRICT));
        assertEquals(Arrays.asList("1 Home St", "2 Work Ave"),
            collect(FieldPath.parse("after.contacts[*].street"), json, Strictness.STRICT));
        // before is null: nothing under it; after.email found
        assertEquals(Collections.singletonList("carl@example"), collect(FieldPath.parse("*.email"), json, Strictness.STRICT));
        assertEquals(Arrays.asList(1000, null), collect(FieldPath.parse("after.*_at"), json, Strictness.STRICT));
        // null leaf values are visited
        assertEquals(Collections.singletonList(null), collect(FieldPath.parse("before"), json, Strictness.STRICT));
        assertEquals(4, collect(FieldPath.parse("*"), json, Strictness.STRICT).size());
    }

    @Test
    void forEachOnMapsIsLenientOrStrict() {
        Map<String, Object> json = jsonEnvelope();
        // items[1] is null: skipped in both modes; the others are maps
        assertEquals(Arrays.asList(2, 1), collect(FieldPath.parse("after.items[*].qty"), json, Strictness.STRICT));
        assertTrue(collect(FieldPath.parse("after.email[*]"), json, Strictness.LENIENT).isEmpty());
        assertTrue(collect(FieldPath.parse("after.nope"), json, Strictness.LENIENT).isEmpty());
        FieldPathException e = assertThrows(FieldPathException.class,
            () -> collect(FieldPath.parse("after.email[*]"), json, Strictness.STRICT));
        assertEquals("Cannot read field path 'after.email[*]' at segment 'email[*]': 'after.email' is a "
            + "java.lang.String; [*] applies only to a list or a map", e.getMessage());
        assertFalse(e.getMessage().contains("carl"));
        assertThrows(FieldPathException.class, () -> collect(FieldPath.parse("after.nope"), json, Strictness.STRICT));
        // after a pattern, mismatches are never errors
        assertEquals(Collections.singletonList("1 Side St"),
            collect(FieldPath.parse("*.address.street"), json, Strictness.STRICT));
        assertTrue(collect(FieldPath.parse("*.tags.x"), json, Strictness.STRICT).isEmpty());
    }

    @Test
    void forEachOnMapsHandlesNestedListsAndNonListElements() {
        Map<String, Object> json = map("m", new ArrayList<>(Arrays.asList(
            new ArrayList<>(Arrays.asList(1, 2)), "scalar", null, new ArrayList<>(Collections.singletonList(3)))));
        assertEquals(Arrays.asList(1, 2, 3), collect(FieldPath.parse("m[*][*]"), json, Strictness.LENIENT));
        FieldPathException e = assertThrows(FieldPathException.class,
            () -> collect(FieldPath.parse("m[*][*]"), json, Strictness.STRICT));
        assertTrue(e.getMessage().contains("'m[*]' is a java.lang.String"), e.getMessage());
    }

    private static List<Object> collect(FieldPath path, Map<String, Object> root, Strictness strictness) {
        List<Object> out = new ArrayList<>();
        path.forEach(root, strictness, out::add);
        return out;
    }

    private static List<String> names(FieldPath path) {
        List<String> out = new ArrayList<>();
        for (FieldPath.Segment segment : path.segments()) {
            out.add(segment.name());
        }
        return out;
    }

    static List<String> texts(List<ResolvedPath> paths) {
        List<String> out = new ArrayList<>();
        for (ResolvedPath path : paths) {
            out.add(path.toString());
        }
        return out;
    }
}
