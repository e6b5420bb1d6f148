package io.cdckit.core.row;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.PathFixtures;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.WithheldException;

import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.cdckit.core.path.PathFixtures.deepCopy;
import static io.cdckit.core.path.PathFixtures.jsonEnvelope;
import static io.cdckit.core.path.PathFixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapFormTest {

    /** A builder whose {@code add(path, op)} registers STRICT paths. */
    private static Registrations strict() {
        return new Registrations(Strictness.STRICT);
    }

    private static Registrations lenient() {
        return new Registrations(Strictness.LENIENT);
    }

    /** The operations of one form, all with one strictness. */
    private static final class Registrations {
        private final Strictness strictness;
        private final MapForm.Builder builder = MapForm.builder();

        Registrations(Strictness strictness) {
            this.strictness = strictness;
        }

        Registrations add(FieldPath path, FieldOperation op) {
            builder.add(path, strictness, op);
            return this;
        }

        Form build() {
            return new Form(builder.build());
        }
    }

    /** A built form, applied to whole rows. */
    private static final class Form {
        private final MapForm form;

        Form(MapForm form) {
            this.form = form;
        }

        Map<String, Object> apply(Map<String, Object> row) {
            return form.apply(row, null, false);
        }

        boolean isIdentity() {
            return form.isIdentity();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> map, String key) {
        return (List<Object>) map.get(key);
    }

    // ------------------------------------------------------------------------------------ operations

    @Test
    void removesReplacesAndRenames() {
        Form rewriter = strict()
            .add(FieldPath.parse("after.email"), FieldOperation.replace(v -> "****"))
            .add(FieldPath.parse("after.created_at"), FieldOperation.rename("created"))
            .add(FieldPath.parse("after.address.city"), FieldOperation.remove())
            .add(FieldPath.parse("op"), FieldOperation.renameAndReplace("operation", null, v -> "CREATE"))
            .build();
        Map<String, Object> out = rewriter.apply(jsonEnvelope());
        assertEquals(Arrays.asList("before", "after", "source", "operation"), new ArrayList<>(out.keySet()));
        assertEquals("CREATE", out.get("operation"));
        Map<String, Object> after = child(out, "after");
        assertEquals(Arrays.asList("id", "email", "created", "updated_at", "address", "items", "tags", "contacts"),
            new ArrayList<>(after.keySet()));
        assertEquals("****", after.get("email"));
        assertEquals(1000, after.get("created"));
        assertEquals(Collections.singletonMap("street", "1 Side St"), after.get("address"));
        assertInstanceOf(LinkedHashMap.class, out);
    }

    @Test
    void rewritesInsideListsAndMapValues() {
        Form rewriter = strict()
            .add(FieldPath.parse("after.items[*].sku"), FieldOperation.replace(v -> ((String) v).toLowerCase(Locale.ROOT)))
            .add(FieldPath.parse("after.tags[*]"), FieldOperation.replace(v -> ((String) v).toUpperCase(Locale.ROOT)))
            .add(FieldPath.parse("after.contacts[*].street"), FieldOperation.rename("line1"))
            .build();
        Map<String, Object> in = jsonEnvelope();
        Map<String, Object> out = rewriter.apply(in);
        Map<String, Object> after = child(out, "after");
        List<Object> items = list(after, "items");
        assertEquals(map("sku", "a-1", "qty", 2), items.get(0));
        assertNull(items.get(1));
        assertEquals(Arrays.asList("VIP", "NEW"), after.get("tags"));
        assertEquals(map("home", map("line1", "1 Home St"), "work", map("line1", "2 Work Ave")), after.get("contacts"));
    }

    @Test
    void patternsAreMatchedPerRecord() {
        Form rewriter = strict()
            .add(FieldPath.parse("*.email"), FieldOperation.remove())
            .add(FieldPath.parse("after.*_at"), FieldOperation.replace(v -> v == null ? null : 0))
            .build();
        Map<String, Object> in = jsonEnvelope();
        in.put("before", PathFixtures.jsonValue("old@example"));
        Map<String, Object> out = rewriter.apply(in);
        assertFalse(child(out, "before").containsKey("email"));
        assertFalse(child(out, "after").containsKey("email"));
        assertEquals(0, child(out, "after").get("created_at"));
        assertTrue(child(out, "after").containsKey("updated_at"));
        assertNull(child(out, "after").get("updated_at"));
        assertEquals(1000, child(out, "before").get("created_at"));

        // Strict: the literal prefix "after" must exist; a pattern alone requires nothing.
        Map<String, Object> other = map("x", map("email", "e", "extra", 1));
        assertThrows(FieldPathException.class, () -> rewriter.apply(other));
        Form patternOnly = strict().add(FieldPath.parse("*.email"), FieldOperation.remove()).build();
        assertEquals(map("x", map("extra", 1)), patternOnly.apply(other));
    }

    @Test
    void patternAndLiteralOperationsCombineOnTheSameKey() {
        Form rewriter = strict()
            .add(FieldPath.parse("after"), FieldOperation.rename("row"))
            .add(FieldPath.parse("*.email"), FieldOperation.replace(v -> "****"))
            .add(FieldPath.parse("after.id"), FieldOperation.remove())
            .build();
        Map<String, Object> out = rewriter.apply(jsonEnvelope());
        Map<String, Object> row = child(out, "row");
        assertEquals("****", row.get("email"));
        assertFalse(row.containsKey("id"));
        assertFalse(out.containsKey("after"));
        assertEquals(1, new ArrayList<>(out.keySet()).indexOf("row"));
    }

    @Test
    void functionFailuresAreReportedWithThePath() {
        RuntimeException boom = new RuntimeException("boom");
        Form rewriter = strict().add(FieldPath.parse("after.email"), FieldOperation.replace(v -> {
            throw boom;
        })).build();
        FieldPathException e = assertThrows(FieldPathException.class, () -> rewriter.apply(jsonEnvelope()));
        assertTrue(e.getCause() instanceof WithheldException, "the cause stands in for the exception");
        assertFalse(e.getCause().getMessage().contains("boom"), e.getCause().getMessage());
        assertEquals("after.email", e.path());
    }

    @Test
    void conversionErrorsOfConnectsValuesAreWithheldOtherDataExceptionsKept() {
        // Values quotes the text it could not parse; a DataException of the function's own is kept
        Form parse = strict().add(FieldPath.parse("after.email"),
                FieldOperation.replace(v -> Values.convertToInteger(null, "x-4111-1111"))).build();
        FieldPathException quoted = assertThrows(FieldPathException.class, () -> parse.apply(jsonEnvelope()));
        assertFalse(quoted.getMessage().contains("4111"), quoted.getMessage());
        assertFalse(quoted.getCause().getMessage().contains("4111"), quoted.getCause().getMessage());
        assertTrue(quoted.getMessage().contains(DataException.class.getName()), quoted.getMessage());
        Form own = strict().add(FieldPath.parse("after.email"), FieldOperation.replace(v -> {
            throw new DataException("expected an e-mail address");
        })).build();
        FieldPathException kept = assertThrows(FieldPathException.class, () -> own.apply(jsonEnvelope()));
        assertTrue(kept.getMessage().contains("expected an e-mail address"), kept.getMessage());
    }

    @Test
    void replaceFunctionSeesNullValuesButNotMissingParents() {
        List<Object> seen = new ArrayList<>();
        Form rewriter = strict()
            .add(FieldPath.parse("after.updated_at"), FieldOperation.replace(v -> {
                seen.add(v);
                return v;
            }))
            .add(FieldPath.parse("before.email"), FieldOperation.replace(v -> {
                seen.add("before");
                return v;
            }))
            .build();
        Map<String, Object> in = jsonEnvelope();
        assertSame(in, rewriter.apply(in), "nothing changed");
        assertEquals(Collections.singletonList(null), seen);
    }

    // ----------------------------------------------------------------------------------- strictness

    @Test
    void strictRejectsMissingKeysAndWrongShapes() {
        FieldPathException missing = assertThrows(FieldPathException.class,
            () -> strict().add(FieldPath.parse("after.nope"), FieldOperation.remove()).build().apply(jsonEnvelope()));
        assertEquals("Cannot rewrite 'after.nope': the map at 'after' has no key 'nope'", missing.getMessage());
        FieldPathException rootMissing = assertThrows(FieldPathException.class,
            () -> strict().add(FieldPath.parse("nope"), FieldOperation.remove()).build().apply(jsonEnvelope()));
        assertEquals("Cannot rewrite 'nope': the root map has no key 'nope'", rootMissing.getMessage());
        FieldPathException notMap = assertThrows(FieldPathException.class,
            () -> strict().add(FieldPath.parse("op.x"), FieldOperation.remove()).build().apply(jsonEnvelope()));
        assertEquals("Cannot rewrite inside 'op': it is a java.lang.String, not a map", notMap.getMessage());
        FieldPathException notList = assertThrows(FieldPathException.class,
            () -> strict().add(FieldPath.parse("after.email[*]"), FieldOperation.replace(v -> v)).build()
                .apply(jsonEnvelope()));
        assertEquals("Cannot rewrite 'after.email[*]': 'after.email' is a java.lang.String; "
            + "[*] applies only to a list or a map", notList.getMessage());
        assertFalse(notList.getMessage().contains("carl"), "must not show the value");
    }

    @Test
    void lenientSkipsMissingKeysAndWrongShapes() {
        Form rewriter = lenient()
            .add(FieldPath.parse("after.nope"), FieldOperation.remove())
            .add(FieldPath.parse("op.x"), FieldOperation.remove())
            .add(FieldPath.parse("after.email[*]"), FieldOperation.replace(v -> v))
            .build();
        Map<String, Object> in = jsonEnvelope();
        assertSame(in, rewriter.apply(in));
    }

    @Test
    void afterAPatternMismatchesAreSkippedEvenWhenStrict() {
        Form rewriter = strict()
            .add(FieldPath.parse("*.address.city"), FieldOperation.remove())
            .build();
        Map<String, Object> out = rewriter.apply(jsonEnvelope());
        assertEquals(map("street", "1 Side St"), child(out, "after").get("address"));
    }

    @Test
    void nullParentsAreNotMissing() {
        Form rewriter = strict().add(FieldPath.parse("before.email"), FieldOperation.remove()).build();
        Map<String, Object> in = jsonEnvelope();
        assertSame(in, rewriter.apply(in));
        assertNull(rewriter.apply(null));
    }

    // -------------------------------------------------------------------------------------- renames

    @Test
    void renameOntoAnExistingKeyIsRejected() {
        Form rewriter = lenient().add(FieldPath.parse("after.email"), FieldOperation.rename("id")).build();
        FieldPathException e = assertThrows(FieldPathException.class, () -> rewriter.apply(jsonEnvelope()));
        assertEquals("Cannot rename key 'email' to 'id' in the map at 'after': the map already has a key 'id'",
            e.getMessage());

        Form twoIntoOne = lenient().add(FieldPath.parse("after.*_at"), FieldOperation.rename("ts")).build();
        assertThrows(FieldPathException.class, () -> twoIntoOne.apply(jsonEnvelope()));
        Map<String, Object> one = map("after", map("created_at", 1));
        assertEquals(map("after", map("ts", 1)), twoIntoOne.apply(one));
    }

    @Test
    void renamesMaySwapOrVacateKeys() {
        Form swap = strict()
            .add(FieldPath.parse("a"), FieldOperation.rename("b"))
            .add(FieldPath.parse("b"), FieldOperation.rename("a"))
            .build();
        Map<String, Object> swapped = swap.apply(map("a", 1, "b", 2));
        assertEquals(Arrays.asList("b", "a"), new ArrayList<>(swapped.keySet()));
        assertEquals(1, swapped.get("b"));
        assertEquals(2, swapped.get("a"));

        Form vacate = strict()
            .add(FieldPath.parse("a"), FieldOperation.rename("b"))
            .add(FieldPath.parse("b*"), FieldOperation.remove())
            .build();
        assertEquals(map("b", 1), vacate.apply(map("a", 1, "b", 2)));
    }

    // ------------------------------------------------------------------------------------ conflicts

    @Test
    void aLiteralKeyRemovedNextToAPatternReachingInsideGoesFirst() {
        Form form = lenient()
                .add(FieldPath.parse("email"), FieldOperation.remove())
                .add(FieldPath.parse("*.zip"), FieldOperation.remove())
                .build();
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Oslo");
        address.put("zip", "0150");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("email", "e");
        row.put("address", address);
        assertEquals(Map.of("address", Map.of("city", "Oslo")), form.apply(row));
    }

    @Test
    void rejectsConflictingOperations() {
        FieldPathException same = assertThrows(FieldPathException.class, () -> strict()
            .add(FieldPath.parse("after.email"), FieldOperation.remove())
            .add(FieldPath.parse("`after`.email"), FieldOperation.replace(v -> v))
            .build());
        assertEquals("Conflicting operations on 'after.email': REMOVE (from 'after.email') and REPLACE "
            + "(from 'after.email') may apply to the same key", same.getMessage());

        FieldPathException overlap = assertThrows(FieldPathException.class, () -> strict()
            .add(FieldPath.parse("*.email"), FieldOperation.remove())
            .add(FieldPath.parse("after.email"), FieldOperation.replace(v -> v))
            .build());
        assertTrue(overlap.getMessage().contains("REMOVE (from '*.email')"), overlap.getMessage());
        assertTrue(overlap.getMessage().contains("REPLACE (from 'after.email')"), overlap.getMessage());

        assertThrows(FieldPathException.class, () -> strict()
            .add(FieldPath.parse("a.*_at"), FieldOperation.remove())
            .add(FieldPath.parse("a.created_*"), FieldOperation.rename("c"))
            .build());

        FieldPathException inside = assertThrows(FieldPathException.class, () -> strict()
            .add(FieldPath.parse("*"), FieldOperation.remove())
            .add(FieldPath.parse("after.email"), FieldOperation.rename("mail"))
            .build());
        assertEquals("Conflicting operations: REMOVE of '*' overrides the operation on 'after.email' inside it",
            inside.getMessage());

        assertThrows(FieldPathException.class, () -> strict()
            .add(FieldPath.parse("after.items"), FieldOperation.replace(v -> v))
            .add(FieldPath.parse("after.items[*].sku"), FieldOperation.remove())
            .build());

        FieldPathException shape = assertThrows(FieldPathException.class, () -> strict()
            .add(FieldPath.parse("a[*].x"), FieldOperation.remove())
            .add(FieldPath.parse("a.y"), FieldOperation.remove())
            .build());
        assertTrue(shape.getMessage().contains("both with [*] and by key"), shape.getMessage());
    }

    @Test
    void acceptsDisjointOperations() {
        Form rewriter = strict()
            .add(FieldPath.parse("a.*_at"), FieldOperation.remove())
            .add(FieldPath.parse("a.*_id"), FieldOperation.rename("ident"))
            .add(FieldPath.parse("*.x"), FieldOperation.remove())
            .add(FieldPath.parse("a.y"), FieldOperation.remove())
            .add(FieldPath.parse("a"), FieldOperation.rename("b"))
            .build();
        assertEquals(map("b", map("ident", 1)), rewriter.apply(map("a", map("t_at", 0, "x", 1, "y", 2, "k_id", 1))));
    }

    @Test
    void elementsCanOnlyBeReplaced() {
        FieldPathException e = assertThrows(FieldPathException.class,
            () -> strict().add(FieldPath.parse("tags[*]"), FieldOperation.remove()));
        assertTrue(e.getMessage().startsWith("Cannot REMOVE 'tags[*]'"), e.getMessage());
        assertThrows(FieldPathException.class, () -> strict().add(FieldPath.parse("tags[*]"), FieldOperation.rename("t")));
    }

    // ------------------------------------------------------------------------- sharing, no mutation

    @Test
    void copiesOnlyWhatChangesAndNeverMutatesTheInput() {
        Form rewriter = strict()
            .add(FieldPath.parse("after.items[*].sku"), FieldOperation.replace(v -> "x"))
            .add(FieldPath.parse("after.tags[*]"), FieldOperation.replace(v -> v))
            .add(FieldPath.parse("after.contacts[*].street"), FieldOperation.replace(v -> "hidden"))
            .build();
        Map<String, Object> in = jsonEnvelope();
        Map<String, Object> snapshot = deepCopy(in);
        Map<String, Object> inAfter = child(in, "after");
        Object inItems = inAfter.get("items");
        Object inTags = inAfter.get("tags");
        Object inAddress = inAfter.get("address");
        Object inSource = in.get("source");

        Map<String, Object> out = rewriter.apply(in);

        assertNotSame(in, out);
        assertSame(inSource, out.get("source"));
        Map<String, Object> outAfter = child(out, "after");
        assertNotSame(inAfter, outAfter);
        assertSame(inAddress, outAfter.get("address"));
        assertSame(inTags, outAfter.get("tags"), "replace returned the same values: list not copied");
        assertNotSame(inItems, outAfter.get("items"));
        assertEquals(map("sku", "x", "qty", 2), list(outAfter, "items").get(0));
        assertEquals("hidden", child(child(outAfter, "contacts"), "work").get("street"));

        assertEquals(snapshot, in);
        assertSame(inAfter, in.get("after"));
        assertSame(inItems, inAfter.get("items"));
        assertEquals("A-1", ((Map<?, ?>) ((List<?>) inItems).get(0)).get("sku"));
    }

    @Test
    void sharesElementsThatDoNotChange() {
        Form rewriter = lenient().add(FieldPath.parse("items[*].secret"), FieldOperation.remove()).build();
        Map<String, Object> keep = map("sku", "a");
        Map<String, Object> drop = map("sku", "b", "secret", 1);
        Map<String, Object> in = map("items", new ArrayList<>(Arrays.asList(keep, drop, null)));
        Map<String, Object> out = rewriter.apply(in);
        List<Object> items = list(out, "items");
        assertSame(keep, items.get(0));
        assertEquals(map("sku", "b"), items.get(1));
        assertNull(items.get(2));
        assertEquals(map("sku", "b", "secret", 1), drop);

        // Strict: every element must have the key.
        Form strict = strict().add(FieldPath.parse("items[*].secret"), FieldOperation.remove()).build();
        FieldPathException e = assertThrows(FieldPathException.class, () -> strict.apply(in));
        assertEquals("Cannot rewrite 'items[*].secret': the map at 'items[*]' has no key 'secret'", e.getMessage());
    }

    @Test
    void builderCanBuildAgainWithoutChangingEarlierRewriters() {
        Registrations builder = lenient().add(FieldPath.parse("a"), FieldOperation.remove());
        Form first = builder.build();
        Form second = builder.add(FieldPath.parse("b"), FieldOperation.remove()).build();
        assertEquals(map("b", 2), first.apply(map("a", 1, "b", 2)));
        assertEquals(map(), second.apply(map("a", 1, "b", 2)));
    }

    @Test
    void noOperationsIsTheIdentity() {
        Form rewriter = strict().build();
        assertTrue(rewriter.isIdentity());
        Map<String, Object> in = jsonEnvelope();
        assertSame(in, rewriter.apply(in));
    }
}
