package io.cdckit.converters.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompatibilityCheckerTest {

    private final CompatibilityChecker checker = new CompatibilityChecker();

    // ---- schema helpers: a Debezium-style envelope whose before/after are optional row records ----

    private static final String ID = "{\"name\":\"id\",\"type\":\"int\"}";

    private static Schema envelope(String... rowFields) {
        String row = "{\"type\":\"record\",\"name\":\"Value\",\"namespace\":\"shop.orders\",\"fields\":["
                + String.join(",", rowFields) + "]}";
        String json = "{\"type\":\"record\",\"name\":\"Envelope\",\"namespace\":\"shop.orders\",\"fields\":["
                + "{\"name\":\"before\",\"type\":[\"null\"," + row + "],\"default\":null},"
                + "{\"name\":\"after\",\"type\":[\"null\",\"shop.orders.Value\"],\"default\":null},"
                + "{\"name\":\"op\",\"type\":\"string\"}]}";
        return new Schema.Parser().parse(json);
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static String field(String name, String typeJson) {
        return "{\"name\":\"" + name + "\",\"type\":" + typeJson + "}";
    }

    private static String optional(String name, String typeJson) {
        return "{\"name\":\"" + name + "\",\"type\":[\"null\"," + typeJson + "],\"default\":null}";
    }

    private static String enumType(String... symbols) {
        return "{\"type\":\"enum\",\"name\":\"Status\",\"namespace\":\"shop.orders\",\"symbols\":["
                + Stream.of(symbols).map(s -> "\"" + s + "\"").collect(Collectors.joining(",")) + "]}";
    }

    private static String decimal(int scale) {
        return "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":" + scale + "}";
    }

    private static List<VersionedSchema> history(Schema... schemas) {
        VersionedSchema[] versions = new VersionedSchema[schemas.length];
        for (int i = 0; i < schemas.length; i++) {
            versions[i] = new VersionedSchema(i + 1, schemas[i]);
        }
        return List.of(versions);
    }

    // ---- the matrix: every level against the CDC evolution cases ----

    static Stream<Arguments> evolutions() {
        return Stream.of(
                // name, old, new, backward ok (new reads old), forward ok (old reads new)
                Arguments.of("add optional column with default null",
                        envelope(ID), envelope(ID, optional("note", "\"string\"")), true, true),
                Arguments.of("add required column without default",
                        envelope(ID), envelope(ID, field("note", "\"string\"")), false, true),
                Arguments.of("drop optional column",
                        envelope(ID, optional("note", "\"string\"")), envelope(ID), true, true),
                Arguments.of("drop required column",
                        envelope(ID, field("note", "\"string\"")), envelope(ID), true, false),
                Arguments.of("rename required column",
                        envelope(ID, field("email", "\"string\"")), envelope(ID, field("email_address", "\"string\"")),
                        false, false),
                Arguments.of("rename required column with an alias to the old name",
                        envelope(ID, field("email", "\"string\"")),
                        envelope(ID, "{\"name\":\"email_address\",\"type\":\"string\",\"aliases\":[\"email\"]}"),
                        true, false),
                Arguments.of("rename optional column",
                        envelope(ID, optional("email", "\"string\"")), envelope(ID, optional("email_address", "\"string\"")),
                        true, true),
                Arguments.of("widen int to long",
                        envelope(ID, field("amount", "\"int\"")), envelope(ID, field("amount", "\"long\"")), true, false),
                Arguments.of("narrow long to int",
                        envelope(ID, field("amount", "\"long\"")), envelope(ID, field("amount", "\"int\"")), false, true),
                Arguments.of("widen optional int to optional long",
                        envelope(ID, optional("amount", "\"int\"")), envelope(ID, optional("amount", "\"long\"")),
                        true, false),
                Arguments.of("string to bytes",
                        envelope(ID, field("payload", "\"string\"")), envelope(ID, field("payload", "\"bytes\"")), true, true),
                Arguments.of("bytes to string",
                        envelope(ID, field("payload", "\"bytes\"")), envelope(ID, field("payload", "\"string\"")), true, true),
                Arguments.of("new enum symbol",
                        envelope(ID, field("status", enumType("NEW", "PAID"))),
                        envelope(ID, field("status", enumType("NEW", "PAID", "SHIPPED"))), true, false),
                Arguments.of("removed enum symbol",
                        envelope(ID, field("status", enumType("NEW", "PAID", "SHIPPED"))),
                        envelope(ID, field("status", enumType("NEW", "PAID"))), false, true),
                // Avro ignores logical types when resolving: a decimal scale change is "compatible" both ways,
                // even though the same unscaled bytes then mean a different number.
                Arguments.of("decimal scale 2 to 3 (Avro ignores logical types)",
                        envelope(ID, field("price", decimal(2))), envelope(ID, field("price", decimal(3))), true, true),
                Arguments.of("nested record field narrowed",
                        envelope(ID, field("customer", "{\"type\":\"record\",\"name\":\"Customer\",\"fields\":["
                                + field("name", "\"string\"") + "," + field("age", "\"long\"") + "]}")),
                        envelope(ID, field("customer", "{\"type\":\"record\",\"name\":\"Customer\",\"fields\":["
                                + field("name", "\"string\"") + "," + field("age", "\"int\"") + "]}")),
                        false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evolutions")
    void matrix(String name, Schema oldSchema, Schema newSchema, boolean backwardOk, boolean forwardOk) {
        List<VersionedSchema> history = history(oldSchema);
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            boolean expected = (!level.checksBackward() || backwardOk) && (!level.checksForward() || forwardOk);
            CompatibilityResult result = checker.check(level, newSchema, history);
            assertEquals(expected, result.compatible(), name + " at " + level + ": " + result.explain("orders-value"));
            if (!expected) {
                assertTrue(result.incompatibilities().stream().allMatch(i -> i.version() == 1));
                assertTrue(result.explain("orders-value").startsWith(
                        "Schema for subject 'orders-value' is not " + level + " compatible with version 1:"));
            } else {
                assertTrue(result.incompatibilities().isEmpty());
            }
        }
    }

    // ---- explanations per case ----

    private Incompatibility only(CompatibilityResult result, String path) {
        List<Incompatibility> matching = result.incompatibilities().stream()
                .filter(i -> i.path().equals(path)).collect(Collectors.toList());
        assertEquals(1, matching.size(), "expected one incompatibility at " + path + " in " + result);
        return matching.get(0);
    }

    @Test
    void addRequiredColumnExplainsMissingDefault() {
        CompatibilityResult result = checker.check(CompatibilityLevel.BACKWARD,
                envelope(ID, field("note", "\"string\"")), history(envelope(ID)));
        Incompatibility after = only(result, "after.note");
        assertEquals(IncompatibilityKind.READER_FIELD_MISSING_DEFAULT, after.kind());
        assertEquals(Direction.NEW_READS_OLD, after.direction());
        assertEquals("absent", after.oldType());
        assertEquals("string", after.newType());
        assertEquals(1, after.version());
        only(result, "before.note");
        String text = result.explain("orders-value");
        assertTrue(text.contains("  - after.note: new field has no default (reader field missing default), "
                + "old absent, new string"), text);
    }

    @Test
    void dropRequiredColumnFailsForwardOnly() {
        CompatibilityResult result = checker.check(CompatibilityLevel.FULL,
                envelope(ID), history(envelope(ID, field("note", "\"string\""))));
        Incompatibility after = only(result, "after.note");
        assertEquals(Direction.OLD_READS_NEW, after.direction());
        assertEquals(IncompatibilityKind.READER_FIELD_MISSING_DEFAULT, after.kind());
        assertEquals("string", after.oldType());
        assertEquals("absent", after.newType());
        String text = result.explain("orders-value");
        assertTrue(text.contains("- after.note: field removed, but the old schema has no default for it "
                + "(reader field missing default), old string, new absent [old reads new]"), text);
    }

    @Test
    void renameReportsBothDirections() {
        CompatibilityResult result = checker.check(CompatibilityLevel.FULL,
                envelope(ID, field("email_address", "\"string\"")), history(envelope(ID, field("email", "\"string\""))));
        Incompatibility added = only(result, "after.email_address");
        assertEquals(Direction.NEW_READS_OLD, added.direction());
        assertEquals(IncompatibilityKind.READER_FIELD_MISSING_DEFAULT, added.kind());
        Incompatibility removed = only(result, "after.email");
        assertEquals(Direction.OLD_READS_NEW, removed.direction());
        assertEquals(IncompatibilityKind.READER_FIELD_MISSING_DEFAULT, removed.kind());
    }

    @Test
    void narrowingExplainsTypeMismatchWithOldAndNewTypes() {
        CompatibilityResult result = checker.check(CompatibilityLevel.BACKWARD,
                envelope(ID, field("amount", "\"int\""), field("note", "\"string\"")),
                history(envelope(ID), envelope(ID), envelope(ID, field("amount", "\"long\""))));
        Incompatibility amount = only(result, "after.amount");
        assertEquals(IncompatibilityKind.TYPE_MISMATCH, amount.kind());
        assertEquals("long", amount.oldType());
        assertEquals("int", amount.newType());
        assertEquals(3, amount.version());
        assertEquals("/fields/1/type/1/fields/1/type", amount.location());
        String text = result.explain("orders-value");
        assertTrue(text.startsWith("Schema for subject 'orders-value' is not BACKWARD compatible with version 3:\n"),
                text);
        assertTrue(text.contains("\n  - after.amount: type mismatch, old long, new int"), text);
        assertTrue(text.contains("\n  - after.note: new field has no default (reader field missing default)"), text);
    }

    @Test
    void optionalWideningReportsMissingUnionBranch() {
        CompatibilityResult result = checker.check(CompatibilityLevel.FORWARD,
                envelope(ID, optional("amount", "\"long\"")), history(envelope(ID, optional("amount", "\"int\""))));
        Incompatibility amount = only(result, "after.amount");
        assertEquals(IncompatibilityKind.MISSING_UNION_BRANCH, amount.kind());
        assertEquals(Direction.OLD_READS_NEW, amount.direction());
        assertEquals("[\"null\",\"int\"]", amount.oldType());
        assertEquals("[\"null\",\"long\"]", amount.newType());
        assertTrue(result.explain("s").contains(
                "after.amount: missing union branch (old union lacks new branch long), "
                        + "old [\"null\",\"int\"], new [\"null\",\"long\"]"), result.explain("s"));
    }

    @Test
    void makingAnOptionalColumnRequiredNamesTheNullBranch() {
        CompatibilityResult result = checker.check(CompatibilityLevel.BACKWARD,
                envelope(ID, field("note", "\"string\"")), history(envelope(ID, optional("note", "\"string\""))));
        Incompatibility note = only(result, "after.note");
        assertEquals(IncompatibilityKind.TYPE_MISMATCH, note.kind());
        assertEquals("[\"null\",\"string\"]", note.oldType());
        assertEquals("string", note.newType());
        assertEquals("new string cannot read old null", note.detail());
    }

    @Test
    void enumSymbolChangesExplainMissingSymbols() {
        CompatibilityResult added = checker.check(CompatibilityLevel.FORWARD,
                envelope(ID, field("status", enumType("NEW", "PAID", "SHIPPED"))),
                history(envelope(ID, field("status", enumType("NEW", "PAID")))));
        Incompatibility status = only(added, "after.status");
        assertEquals(IncompatibilityKind.MISSING_ENUM_SYMBOL, status.kind());
        assertEquals("enum shop.orders.Status", status.oldType());
        assertEquals("enum shop.orders.Status", status.newType());
        assertTrue(added.explain("s").contains(
                "after.status: missing enum symbol (old enum lacks new symbols [SHIPPED])"), added.explain("s"));

        CompatibilityResult removed = checker.check(CompatibilityLevel.BACKWARD,
                envelope(ID, field("status", enumType("NEW", "PAID"))),
                history(envelope(ID, field("status", enumType("NEW", "PAID", "SHIPPED")))));
        assertTrue(removed.explain("s").contains(
                "after.status: missing enum symbol (new enum lacks old symbols [SHIPPED])"), removed.explain("s"));
    }

    @Test
    void decimalScaleChangeIsCompatibleBecauseAvroIgnoresLogicalTypes() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertTrue(checker.check(level, envelope(ID, field("price", decimal(3))),
                    history(envelope(ID, field("price", decimal(2))))).compatible(), level.name());
        }
        // but a change of the underlying type is seen
        CompatibilityResult result = checker.check(CompatibilityLevel.BACKWARD,
                envelope(ID, field("price", "{\"type\":\"int\",\"logicalType\":\"date\"}")),
                history(envelope(ID, field("price", decimal(2)))));
        Incompatibility price = only(result, "after.price");
        assertEquals(IncompatibilityKind.TYPE_MISMATCH, price.kind());
        assertEquals("bytes decimal(10,2)", price.oldType());
        assertEquals("int date", price.newType());
    }

    @Test
    void nestedRecordChangeHasDottedPath() {
        // without unions: the pointer from Avro is walked field by field
        String v1 = "{\"type\":\"record\",\"name\":\"Row\",\"namespace\":\"x\",\"fields\":["
                + ID + "," + field("op", "\"string\"") + ","
                + field("customer", "\"int\"") + ","
                + field("after", "{\"type\":\"record\",\"name\":\"After\",\"fields\":["
                + field("name", "\"string\"") + "," + field("email", "\"string\"") + "]}") + "]}";
        String v2 = v1.replace("{\"name\":\"email\",\"type\":\"string\"}", "{\"name\":\"email\",\"type\":\"int\"}");
        CompatibilityResult result = checker.check(CompatibilityLevel.BACKWARD, parse(v2), history(parse(v1)));
        Incompatibility email = only(result, "after.email");
        assertEquals("/fields/3/type/fields/1/type", email.location());
        assertEquals(IncompatibilityKind.TYPE_MISMATCH, email.kind());
        assertEquals("string", email.oldType());
        assertEquals("int", email.newType());

        // inside the optional envelope rows, nested two levels
        CompatibilityResult enveloped = checker.check(CompatibilityLevel.FULL,
                envelope(ID, field("customer", "{\"type\":\"record\",\"name\":\"Customer\",\"fields\":["
                        + field("name", "\"string\"") + "," + field("age", "\"int\"") + "]}")),
                history(envelope(ID, field("customer", "{\"type\":\"record\",\"name\":\"Customer\",\"fields\":["
                        + field("name", "\"string\"") + "," + field("age", "\"long\"") + "]}"))));
        Incompatibility age = only(enveloped, "after.customer.age");
        assertEquals(Direction.NEW_READS_OLD, age.direction());
        assertEquals("long", age.oldType());
        assertEquals("int", age.newType());
        only(enveloped, "before.customer.age");
        assertTrue(enveloped.explain("orders-value").contains(
                "- after.customer.age: type mismatch, old long, new int [new reads old]"), enveloped.explain("orders-value"));
    }

    @Test
    void arraysAndNamedTypes() {
        String oldSchema = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + field("items", "{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"Item\",\"fields\":["
                + field("sku", "\"long\"") + "]}}") + ","
                + field("hash", "{\"type\":\"fixed\",\"name\":\"Md5\",\"size\":16}") + ","
                + field("kind", "{\"type\":\"record\",\"name\":\"Kind\",\"fields\":[]}") + "]}";
        String newSchema = oldSchema.replace("\"sku\",\"type\":\"long\"", "\"sku\",\"type\":\"int\"")
                .replace("\"size\":16", "\"size\":32")
                .replace("\"name\":\"Kind\"", "\"name\":\"Sort\"");
        CompatibilityResult result = checker.check(CompatibilityLevel.BACKWARD, parse(newSchema), history(parse(oldSchema)));
        Incompatibility sku = only(result, "items[*].sku");
        assertEquals(IncompatibilityKind.TYPE_MISMATCH, sku.kind());
        Incompatibility hash = only(result, "hash");
        assertEquals(IncompatibilityKind.FIXED_SIZE_MISMATCH, hash.kind());
        assertEquals("fixed Md5(16)", hash.oldType());
        assertEquals("fixed Md5(32)", hash.newType());
        Incompatibility kind = only(result, "kind");
        assertEquals(IncompatibilityKind.NAME_MISMATCH, kind.kind());
        assertEquals("record Kind", kind.oldType());
        assertEquals("record Sort", kind.newType());
    }

    // ---- transitive vs not, with a 3-version history where only the oldest conflicts ----

    @Test
    void transitiveLevelsCheckEveryVersion() {
        Schema v1 = envelope(ID, field("note", "\"string\""));
        Schema v2 = envelope(ID);
        Schema v3 = envelope(ID, optional("extra", "\"string\""));
        Schema candidate = envelope(ID, "{\"name\":\"note\",\"type\":\"int\",\"default\":0}",
                optional("extra", "\"string\""));
        List<VersionedSchema> history = history(v1, v2, v3);

        for (CompatibilityLevel level : List.of(CompatibilityLevel.BACKWARD, CompatibilityLevel.FORWARD,
                CompatibilityLevel.FULL, CompatibilityLevel.NONE)) {
            CompatibilityResult result = checker.check(level, candidate, history);
            assertTrue(result.compatible(), level + ": " + result.explain("orders-value"));
        }
        assertEquals(List.of(3), checker.check(CompatibilityLevel.BACKWARD, candidate, history).checkedVersions());
        assertTrue(checker.check(CompatibilityLevel.BACKWARD, candidate, history).explain("orders-value")
                .equals("Schema for subject 'orders-value' is BACKWARD compatible with version 3."));

        for (CompatibilityLevel level : List.of(CompatibilityLevel.BACKWARD_TRANSITIVE,
                CompatibilityLevel.FORWARD_TRANSITIVE, CompatibilityLevel.FULL_TRANSITIVE)) {
            CompatibilityResult result = checker.check(level, candidate, history);
            assertFalse(result.compatible(), level.name());
            assertEquals(List.of(1, 2, 3), result.checkedVersions());
            assertEquals(List.of(1), result.conflictingVersions());
            Incompatibility note = result.incompatibilities().stream()
                    .filter(i -> i.path().equals("after.note")).findFirst().orElseThrow();
            assertEquals(IncompatibilityKind.TYPE_MISMATCH, note.kind());
            assertEquals("string", note.oldType());
            assertEquals("int", note.newType());
            String text = result.explain("orders-value");
            assertTrue(text.startsWith("Schema for subject 'orders-value' is not " + level
                    + " compatible with version 1:"), text);
            assertTrue(text.contains("- after.note: type mismatch, old string, new int"), text);
        }
        // the FULL_TRANSITIVE failure is both ways
        CompatibilityResult full = checker.check(CompatibilityLevel.FULL_TRANSITIVE, candidate, history);
        assertEquals(2, full.incompatibilities().stream().filter(i -> i.path().equals("after.note")).count());
    }

    @Test
    void severalConflictingVersionsAreGrouped() {
        Schema v1 = envelope(ID, field("amount", "\"long\""));
        Schema v2 = envelope(ID, field("amount", "\"double\""));
        Schema v3 = envelope(ID, field("amount", "\"int\""));
        CompatibilityResult result = checker.check(CompatibilityLevel.BACKWARD_TRANSITIVE,
                envelope(ID, field("amount", "\"int\"")), history(v1, v2, v3));
        assertEquals(List.of(1, 2), result.conflictingVersions());
        String text = result.explain("orders-value");
        assertTrue(text.startsWith("Schema for subject 'orders-value' is not BACKWARD_TRANSITIVE compatible "
                + "with versions 1, 2:\n  version 1:\n    - "), text);
        assertTrue(text.contains("\n  version 2:\n    - after.amount: type mismatch, old double, new int")
                || text.contains("\n  version 2:\n    - before.amount: type mismatch, old double, new int"), text);
    }

    @Test
    void emptyHistoryAndNone() {
        Schema schema = envelope(ID);
        CompatibilityResult first = checker.check(CompatibilityLevel.FULL_TRANSITIVE, schema, List.of());
        assertTrue(first.compatible());
        assertEquals("Schema for subject 'a' is FULL_TRANSITIVE compatible: the subject has no earlier version.",
                first.explain("a"));
        CompatibilityResult none = checker.check("none", envelope(ID, field("x", "\"int\"")), history(schema));
        assertTrue(none.compatible());
        assertEquals(CompatibilityLevel.NONE, none.level());
    }

    @Test
    void recursiveTypesInsideUnionsTerminate() {
        String v1 = "{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                + field("value", "\"long\"") + "," + optional("next", "\"Node\"") + "]}";
        String v2 = v1.replace("\"value\",\"type\":\"long\"", "\"value\",\"type\":\"int\"");
        CompatibilityResult result = checker.check(CompatibilityLevel.FULL, parse(v2), history(parse(v1)));
        assertFalse(result.compatible());
        Incompatibility value = only(result, "value");
        assertEquals(IncompatibilityKind.TYPE_MISMATCH, value.kind());
        assertEquals(Direction.NEW_READS_OLD, value.direction());
    }
}
