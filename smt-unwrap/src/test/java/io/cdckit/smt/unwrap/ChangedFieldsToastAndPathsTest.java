package io.cdckit.smt.unwrap;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cdckit.smt.unwrap.ChangedFieldsTest.PH;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.both;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.header;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.names;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.transform;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ChangedFields: PostgreSQL TOAST placeholders count as unchanged; nested.mode=paths reports fields inside struct columns. */
class ChangedFieldsToastAndPathsTest {

    @Nested
    class ToastPlaceholder {

        final byte[] bytes = PH.getBytes(StandardCharsets.UTF_8);

        Struct toasted(Struct before) {
            List<Integer> ints = new ArrayList<>();
            for (byte b : bytes) {
                ints.add((int) b);
            }
            return Pg.copy(before).put("notes", PH).put("avatar", bytes.clone()).put("tags", List.of(PH))
                    .put("scores", ints).put("attrs", Map.of(PH, PH)).put("name", "Ada L");
        }

        @Test
        void unchangedToastColumnsCountAsUnchanged() {
            SourceRecord out = both().apply(Pg.update(Pg.row(1), toasted(Pg.row(1))));
            assertEquals(List.of("name"), names(out, "changed"));
            assertEquals(without(Pg.COLUMNS, "name"), names(out, "unchanged"));
        }

        @Test
        void otherPlaceholderForms() {
            Schema row = SchemaBuilder.struct().name("t.Value").optional().field("id", Schema.INT32_SCHEMA)
                    .field("big", SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build())
                    .field("blobs", SchemaBuilder.array(Schema.OPTIONAL_BYTES_SCHEMA).optional().build())
                    .field("uuids", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                    .field("buf", Schema.OPTIONAL_BYTES_SCHEMA)
                    .build();
            Schema env = Pg.envelopeSchema(row);
            List<Long> longs = new ArrayList<>();
            for (byte b : bytes) {
                longs.add((long) b);
            }
            Struct before = new Struct(row).put("id", 1).put("big", List.of(1L)).put("blobs", List.of(new byte[]{1}))
                    .put("uuids", List.of("0d5f0f76-6a1d-4a34-9d43-2d2cc1b0c2a6")).put("buf", new byte[]{1});
            Struct after = new Struct(row).put("id", 1).put("big", longs).put("blobs", List.of(bytes.clone()))
                    .put("uuids", List.of(java.util.UUID.nameUUIDFromBytes(bytes).toString()))
                    .put("buf", ByteBuffer.wrap(bytes.clone()));
            SourceRecord out = both().apply(Pg.record(env, Pg.envelope(env, "u", before, after, 1), 1, 1));
            assertEquals(List.of(), names(out, "changed"));
            assertEquals(List.of("id", "big", "blobs", "uuids", "buf"), names(out, "unchanged"));
        }

        @Test
        void placeholderInBeforeOnlyIsCompared() {
            Struct before = Pg.copy(Pg.row(1)).put("notes", PH);
            SourceRecord out = both().apply(Pg.update(before, Pg.row(1)));
            assertEquals(List.of("notes"), names(out, "changed"));
        }

        @Test
        void emptyOptionComparesPlaceholdersAsPlainValues() {
            SourceRecord out = transform("header.changed.name", "changed", "unavailable.value.placeholder", "")
                    .apply(Pg.update(Pg.row(1), toasted(Pg.row(1))));
            assertEquals(List.of("name", "avatar", "notes", "tags", "scores", "attrs"), names(out, "changed"));
        }

        @Test
        void customPlaceholder() {
            Struct after = Pg.copy(Pg.row(1)).put("notes", "<toast>").put("email", PH);
            SourceRecord out = transform("header.changed.name", "changed", "unavailable.value.placeholder", "<toast>")
                    .apply(Pg.update(Pg.row(1), after));
            assertEquals(List.of("email"), names(out, "changed"));
        }
    }

    @Nested
    class NestedPaths {

        ChangedFields<SourceRecord> paths() {
            return transform("header.changed.name", "changed", "header.unchanged.name", "unchanged",
                    "nested.mode", "paths");
        }

        @Test
        void changedFieldsInsideStructColumnsGetDottedPaths() {
            Struct before = Pg.row(1);
            Struct after = Pg.copy(before).put("address", Pg.address("1 Main St", "Paris", null)).put("email", "e@x.org");
            SourceRecord out = paths().apply(Pg.update(before, after));
            assertEquals(List.of("email", "address.city", "address.zip"), names(out, "changed"));
            assertEquals(List.of("id", "name", "status", "balance", "avatar", "notes", "tags", "scores", "attrs",
                    "updated_at", "address.street"), names(out, "unchanged"));
        }

        @Test
        void unchangedStructColumnIsReportedByItsName() {
            Struct before = Pg.row(1);
            SourceRecord out = paths().apply(Pg.update(before, Pg.copy(before).put("name", "x")));
            assertEquals(List.of("name"), names(out, "changed"));
            assertTrue(names(out, "unchanged").contains("address"));
            assertFalse(names(out, "unchanged").stream().anyMatch(n -> n.startsWith("address.")));
        }

        @Test
        void structColumnNullOnOneSideIsReportedByItsName() {
            Struct before = Pg.copy(Pg.row(1)).put("address", null);
            SourceRecord out = paths().apply(Pg.update(before, Pg.row(1)));
            assertEquals(List.of("address"), names(out, "changed"));
            SourceRecord both = paths().apply(Pg.update(before, Pg.copy(before)));
            assertTrue(names(both, "unchanged").contains("address"));
        }

        @Test
        void deepStructsAndSpecialNames() {
            Schema inner = SchemaBuilder.struct().name("inner").optional()
                    .field("x.y", Schema.OPTIONAL_INT32_SCHEMA).field("z", Schema.OPTIONAL_INT32_SCHEMA).build();
            Schema mid = SchemaBuilder.struct().name("mid").optional()
                    .field("inner", inner).field("w", Schema.OPTIONAL_STRING_SCHEMA).build();
            Schema row = SchemaBuilder.struct().name("t.Value").optional()
                    .field("id", Schema.INT32_SCHEMA).field("a.b", mid).field("plain", mid).build();
            Schema env = Pg.envelopeSchema(row);
            Struct before = new Struct(row).put("id", 1)
                    .put("a.b", new Struct(mid).put("inner", new Struct(inner).put("x.y", 1).put("z", 2)).put("w", "w"))
                    .put("plain", new Struct(mid).put("inner", new Struct(inner).put("x.y", 1).put("z", 2)).put("w", "w"));
            Struct after = new Struct(row).put("id", 1)
                    .put("a.b", new Struct(mid).put("inner", new Struct(inner).put("x.y", 5).put("z", 2)).put("w", "w"))
                    .put("plain", new Struct(mid).put("inner", new Struct(inner).put("x.y", 1).put("z", 2)).put("w", "v"));
            SourceRecord out = paths().apply(Pg.record(env, Pg.envelope(env, "u", before, after, 1), 1, 1));
            assertEquals(List.of("`a.b`.inner.`x.y`", "plain.w"), names(out, "changed"));
            assertEquals(List.of("id", "`a.b`.inner.z", "`a.b`.w", "plain.inner"), names(out, "unchanged"));
            // every reported path parses with the kernel's field-path syntax
            for (String p : names(out, "changed")) {
                assertEquals(p, io.cdckit.core.path.FieldPath.parse(p).toString());
            }
        }

        @Test
        void flatAndPathsAgreeWithoutStructColumns() {
            Struct before = Pg.copy(Pg.row(1)).put("address", null);
            Struct after = Pg.copy(before).put("name", "x").put("tags", List.of());
            assertEquals(names(both().apply(Pg.update(before, after)), "changed"),
                    names(paths().apply(Pg.update(before, after)), "changed"));
        }
    }
}
