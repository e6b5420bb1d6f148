package io.cdckit.examples;

import io.cdckit.testkit.DecodedRecord;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminal table and the summary line, on hand-built change pairs. */
class ChangeTableTest {

    static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    static final Schema ROW = SchemaBuilder.struct().optional()
            .field("id", Schema.INT32_SCHEMA).field("name", Schema.STRING_SCHEMA).field("tier", Schema.STRING_SCHEMA)
            .build();
    static final Schema ENVELOPE = SchemaBuilder.struct()
            .field("before", ROW).field("after", ROW).field("op", Schema.STRING_SCHEMA).build();
    static final Schema OUT = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA).field("name", Schema.STRING_SCHEMA).field("tier", Schema.STRING_SCHEMA)
            .field("__deleted", Schema.OPTIONAL_STRING_SCHEMA).field("__op", Schema.OPTIONAL_STRING_SCHEMA).build();

    @Test
    void printsAlignedRowsForRowsTombstonesAndDrops() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChangeTable table = new ChangeTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        table.step(List.of("UPDATE shop.customers SET tier = 'gold' WHERE id = 2"));
        table.row(update());
        table.row(delete());
        table.row(tombstone(9, true));
        table.row(tombstone(10, false));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        String header = lines.stream().filter(l -> l.contains("unwrapped (what")).findFirst().orElseThrow();
        int column = header.indexOf("unwrapped");
        assertTrue(lines.stream().anyMatch(l -> l.matches("  \\d\\d:\\d\\d:\\d\\d  UPDATE shop.customers .*")), lines.toString());
        List<String> rows = lines.stream().filter(l -> l.matches("^ {0,2}\\d{1,2}  .*")).toList();
        assertEquals(4, rows.size(), lines.toString());
        assertEquals("  6  u   id=2    id=2 name=Grace tier=silver     id=2 name=Grace tier=gold       "
                + "id=2 name=Grace tier=gold __deleted=false __op=u", rows.get(0));
        assertEquals("  8  d   id=4    id=4 name=Alan tier=silver      -                               "
                + "id=4 name=Alan tier=silver __deleted=true __op=d", rows.get(1));
        assertEquals("  9  -   id=4    (tombstone)                     (tombstone)                     (dropped)",
                rows.get(2));
        assertTrue(rows.get(3).endsWith("(tombstone)                     (tombstone)"), rows.get(3));
        rows.forEach(r -> assertEquals("  ", r.substring(column - 2, column), r));
    }

    @Test
    void longImagesAreCutToTheColumn() {
        Map<String, Object> wide = new LinkedHashMap<>();
        wide.put("id", 1);
        wide.put("name", "a name far too long for the column");
        String s = ChangeTable.summary(wide);
        assertEquals("id=1 name=a name far too long for the column", s);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChangeTable table = new ChangeTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Struct after = row(1, "a name far too long for the column", "gold");
        table.row(new Change(1, record(1, envelope(null, after, "c")), record(1, null)));
        String row = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("  1")).findFirst()
                .orElseThrow();
        assertTrue(row.contains("id=1 name=a name far too lo...  "), row);
    }

    @Test
    void summaryCountsEventsInAndRowsOut() {
        assertEquals("4 change events in (u=1 d=1 tombstone=2), 2 rows out (1 with __deleted=true), "
                + "1 tombstones, 1 dropped.",
                UnwrapDemo.summary(List.of(update(), delete(), tombstone(9, true), tombstone(10, false))));
    }

    private static Change update() {
        Struct env = envelope(row(2, "Grace", "silver"), row(2, "Grace", "gold"), "u");
        return new Change(6, record(2, env), record(2, out(2, "Grace", "gold", "false", "u")));
    }

    private static Change delete() {
        Struct env = envelope(row(4, "Alan", "silver"), null, "d");
        return new Change(8, record(4, env), record(4, out(4, "Alan", "silver", "true", "d")));
    }

    /** A tombstone that the transform dropped, or passed on as a tombstone. */
    private static Change tombstone(int number, boolean dropped) {
        return new Change(number, record(4, null), dropped ? null : record(4, null));
    }

    private static DecodedRecord record(int id, Struct value) {
        Struct key = new Struct(KEY).put("id", id);
        return new DecodedRecord("demo.shop.customers", 0, 0, KEY, key, value == null ? null : value.schema(), value,
                Map.of());
    }

    private static Struct envelope(Struct before, Struct after, String op) {
        return new Struct(ENVELOPE).put("before", before).put("after", after).put("op", op);
    }

    private static Struct row(int id, String name, String tier) {
        return new Struct(ROW).put("id", id).put("name", name).put("tier", tier);
    }

    private static Struct out(int id, String name, String tier, String deleted, String op) {
        return new Struct(OUT).put("id", id).put("name", name).put("tier", tier).put("__deleted", deleted).put("__op", op);
    }
}
