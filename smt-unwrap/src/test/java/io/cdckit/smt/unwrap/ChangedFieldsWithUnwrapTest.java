package io.cdckit.smt.unwrap;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.cdckit.smt.unwrap.ChangedFieldsTest.PH;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.both;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.header;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.props;
import static io.cdckit.smt.unwrap.ChangedFieldsTest.transform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** ChangedFields chained before Unwrap: partial rows that carry only what changed. */
class ChangedFieldsWithUnwrapTest {


    Unwrap<SourceRecord> unwrap(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("drop.fields.header.name", "unchanged");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        Unwrap<SourceRecord> u = new Unwrap<>();
        u.configure(props);
        return u;
    }

    List<String> fieldNames(SourceRecord r) {
        return r.valueSchema().fields().stream().map(Field::name).collect(Collectors.toList());
    }

    @Test
    void partialRowsKeepOnlyChangedFields() {
        Struct before = Pg.row(1);
        Struct after = Pg.copy(before).put("email", "new@example.org").put("notes", PH)
                .put("updated_at", 1_714_000_200_000_000L);
        SourceRecord out = unwrap().apply(both().apply(Pg.update(before, after)));
        // required columns stay (drop.fields.keep.schema.compatible=true); the TOAST placeholder is gone
        assertEquals(List.of("id", "name", "email", "updated_at"), fieldNames(out));
        Struct row = (Struct) out.value();
        assertEquals("new@example.org", row.get("email"));
        assertEquals(1_714_000_200_000_000L, row.get("updated_at"));

        SourceRecord strict = unwrap("drop.fields.keep.schema.compatible", "false")
                .apply(both().apply(Pg.update(before, after)));
        assertEquals(List.of("email", "updated_at"), fieldNames(strict));
    }

    @Test
    void withDebeziumsSemanticsTheToastPlaceholderWouldReachTheSink() {
        Struct after = Pg.copy(Pg.row(1)).put("notes", PH);
        SourceRecord out = unwrap("drop.fields.keep.schema.compatible", "false").apply(
                transform("header.unchanged.name", "unchanged", "unavailable.value.placeholder", "")
                        .apply(Pg.update(Pg.row(1), after)));
        assertEquals(List.of("notes"), fieldNames(out));
        assertEquals(PH, ((Struct) out.value()).get("notes"));
    }

    @Test
    void createsAndDeletesAreNotTrimmed() {
        SourceRecord created = unwrap().apply(both().apply(Pg.event("c", null, Pg.row(1))));
        assertEquals(Pg.COLUMNS, fieldNames(created));
        SourceRecord deleted = unwrap("delete.tombstone.handling.mode", "rewrite")
                .apply(both().apply(Pg.event("d", Pg.row(1), null)));
        assertEquals("true", ((Struct) deleted.value()).get("__deleted"));
        assertEquals(Pg.COLUMNS.size() + 1, fieldNames(deleted).size());
    }

    @Test
    void changedFieldIsCarriedIntoTheRow() {
        ChangedFields<SourceRecord> t = transform("header.unchanged.name", "unchanged", "changed.field.name", "__changed");
        SourceRecord out = unwrap().apply(t.apply(Pg.update(Pg.row(1), Pg.copy(Pg.row(1)).put("email", "n@x.org"))));
        assertEquals(List.of("id", "name", "email", "__changed"), fieldNames(out));
        assertEquals(List.of("email"), ((Struct) out.value()).get("__changed"));
        SourceRecord created = unwrap().apply(t.apply(Pg.event("c", null, Pg.row(1))));
        assertNull(((Struct) created.value()).get("__changed"));
        assertEquals(Pg.COLUMNS.size() + 1, fieldNames(created).size());
    }

    @Test
    void schemalessPartialRows() {
        Map<String, Object> before = Pg.mapRow(1);
        Map<String, Object> after = Pg.mapCopy(before);
        after.put("email", "new@example.org");
        after.put("notes", PH);
        SourceRecord out = unwrap().apply(both().apply(Pg.schemaless(Pg.mapEnvelope("u", before, after))));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("email", "new@example.org");
        assertEquals(expected, out.value());
    }
}
