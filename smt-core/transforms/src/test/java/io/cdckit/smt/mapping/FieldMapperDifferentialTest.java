package io.cdckit.smt.mapping;

import io.cdckit.testkit.Differential;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.fixtures.Fixtures;

import io.debezium.transforms.ExtractNewRecordState;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FieldMapper} next to Kafka's own {@code ReplaceField$Value} and {@code Cast$Value} (and the
 * chain of the two), where their semantics overlap: top-level fields, and the casts both handle the
 * same (integer widening, numbers to string, valid number text to numbers, booleans, bytes to
 * string, ordinary Decimals to float64 and string). Same configuration, same records, and the test
 * kit's {@link Differential} requires the same output part by part (value and value schema
 * included), or a rejection by both. Inputs: hand-built rows, schema'd and schemaless, and the
 * recorded real corpus unwrapped by Debezium's {@code ExtractNewRecordState} (schema'd, and as a
 * schemaless JSON sink receives the same rows).
 *
 * <p>Where the two differ by design, the case is kept out of the identity comparison and has a test
 * of its own below ({@code differs...}), asserting what each does: Kafka's peers write defaults for
 * nulls, ReplaceField makes an optional row required, Cast truncates and wraps where FieldMapper
 * fails, reads temporal types as bare numbers, parses text differently, rebuilds the schema of a
 * field cast to its own type, and adds a missing key to a schemaless row; ReplaceField's names are
 * top-level names, FieldMapper's are paths.
 */
class FieldMapperDifferentialTest {

    // ------------------------------------------------------------------ hand-built rows

    static final Schema ADDRESS = SchemaBuilder.struct().name("shop.Address").optional()
            .field("city", Schema.OPTIONAL_STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    /** A row with every type the overlap covers, a name, version and doc, and two fields with defaults. */
    static final Schema ROW = SchemaBuilder.struct().name("shop.public.items.Value").version(2).doc("an item row")
            .field("id", Schema.INT32_SCHEMA)
            .field("tiny", Schema.OPTIONAL_INT8_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("count", Schema.OPTIONAL_INT32_SCHEMA)
            .field("big", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("int_text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("float_text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("bool_text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("address", ADDRESS)
            .field("status", SchemaBuilder.string().defaultValue("draft").build())
            .field("level", SchemaBuilder.int32().optional().defaultValue(1).build())
            .build();

    static final Schema KEY = SchemaBuilder.struct().name("shop.public.items.Key").field("id", Schema.INT32_SCHEMA).build();

    /** Typical values, extremes, and zeros; no null where a field has a default. */
    static List<Struct> rowsWithoutNullDefaults() {
        return List.of(
                new Struct(ROW).put("id", 1).put("tiny", (byte) 7).put("small", (short) 300).put("count", 42)
                        .put("big", 9_000_000_000L).put("ratio", 4.5f).put("score", 0.125).put("flag", true)
                        .put("name", "mug").put("int_text", "42").put("float_text", "19.5").put("bool_text", "true")
                        .put("amount", new BigDecimal("12.50")).put("blob", new byte[]{0, 1, 2, (byte) 255})
                        .put("tags", List.of("a", "b"))
                        .put("address", new Struct(ADDRESS).put("city", "Lyon").put("zip", "69001"))
                        .put("status", "active").put("level", 3),
                new Struct(ROW).put("id", 2).put("tiny", Byte.MIN_VALUE).put("small", Short.MAX_VALUE)
                        .put("count", Integer.MIN_VALUE).put("big", Long.MAX_VALUE).put("ratio", 0.1f)
                        .put("score", -1e-10).put("flag", false).put("name", "").put("int_text", "-128")
                        .put("float_text", "-2.5E3").put("bool_text", "FALSE").put("amount", new BigDecimal("-0.01"))
                        .put("blob", new byte[0]).put("tags", List.of()).put("address", new Struct(ADDRESS))
                        .put("status", "draft").put("level", 0),
                new Struct(ROW).put("id", 4).put("tiny", (byte) 0).put("small", (short) -1).put("count", 0)
                        .put("big", Long.MIN_VALUE).put("ratio", Float.MAX_VALUE).put("score", Double.MIN_VALUE)
                        .put("flag", true).put("name", "with \"quotes\", commas").put("int_text", "+7")
                        .put("float_text", "1e-3").put("bool_text", "True").put("amount", new BigDecimal("0.00"))
                        .put("status", "retired").put("level", Integer.MAX_VALUE));
    }

    /** {@link #rowsWithoutNullDefaults()} and a row of nulls (level, which has a default, too). */
    static List<Struct> allRows() {
        List<Struct> rows = new ArrayList<>(rowsWithoutNullDefaults());
        rows.add(new Struct(ROW).put("id", 3).put("status", "draft"));
        return rows;
    }

    static List<SinkRecord> records(List<Struct> rows) {
        List<SinkRecord> out = new ArrayList<>();
        for (Struct row : rows) {
            out.add(Envelopes.record("shop.items", KEY, new Struct(KEY).put("id", row.getInt32("id")), ROW, row,
                    out.size()));
        }
        return out;
    }

    /** The rows as schemaless Maps of Java values by class (Byte, Short, ..., byte[]), every key present. */
    static List<SinkRecord> schemalessRecords(List<Struct> rows) {
        List<SinkRecord> out = new ArrayList<>();
        for (Struct row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Field f : ROW.fields()) {
                if (!f.name().equals("amount")) { // Kafka's schemaless Cast has no BigDecimal
                    m.put(f.name(), schemalessValue(row.getWithoutDefault(f.name())));
                }
            }
            out.add(Envelopes.record("shop.items", null, Map.of("id", row.getInt32("id")), null, m, out.size()));
        }
        return out;
    }

    private static Object schemalessValue(Object v) {
        if (v instanceof Struct s) {
            Map<String, Object> m = new LinkedHashMap<>();
            s.schema().fields().forEach(f -> m.put(f.name(), s.get(f)));
            return m;
        }
        return v instanceof List<?> l ? new ArrayList<>(l) : v;
    }

    // ------------------------------------------------------------------ the cases

    /**
     * One comparison: FieldMapper's configuration, and the peer's: {@code replaceField} and/or
     * {@code cast} (both: ReplaceField, then Cast), each with Kafka's defaults for the keys not given.
     */
    record Case(String label, Map<String, String> ours, Map<String, String> replaceField, Map<String, String> cast) {

        Case withPeerKey(String key, String value) {
            return new Case(label, ours, with(replaceField, key, value), with(cast, key, value));
        }

        private static Map<String, String> with(Map<String, String> m, String key, String value) {
            if (m == null) {
                return null;
            }
            Map<String, String> out = new HashMap<>(m);
            out.put(key, value);
            return out;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Case replaceField(String label, Map<String, String> ours, Map<String, String> peer) {
        return new Case("ReplaceField " + label, ours, peer, null);
    }

    static Case cast(String label, String spec) {
        return new Case("Cast " + label + ": " + spec, Map.of("cast", spec), null, Map.of("spec", spec));
    }

    static Case chain(String label, Map<String, String> ours, Map<String, String> replaceField, String spec) {
        return new Case("ReplaceField + Cast " + label, ours, replaceField, Map.of("spec", spec));
    }

    /** Hand-built rows: every case below gives the same output as Kafka's (or is rejected by both). */
    static Stream<Case> handBuiltCases() {
        return Stream.of(
                replaceField("exclude one", Map.of("drop", "name"), Map.of("exclude", "name")),
                replaceField("exclude one (alias exclude)", Map.of("exclude", "name"), Map.of("exclude", "name")),
                replaceField("exclude a struct, an array and bytes", Map.of("drop", "name,blob,tags,address"),
                        Map.of("exclude", "name,blob,tags,address")),
                replaceField("exclude a missing field", Map.of("drop", "nope"), Map.of("exclude", "nope")),
                replaceField("renames one", Map.of("rename", "name:title"), Map.of("renames", "name:title")),
                replaceField("renames (alias renames)", Map.of("renames", "name:title,address:location,count:n"),
                        Map.of("renames", "name:title,address:location,count:n")),
                replaceField("renames a struct", Map.of("rename", "address:location"), Map.of("renames", "address:location")),
                replaceField("renames swapping two names", Map.of("rename", "name:count,count:name"),
                        Map.of("renames", "name:count,count:name")),
                replaceField("renames a missing field", Map.of("rename", "nope:x"), Map.of("renames", "nope:x")),
                replaceField("exclude and renames", Map.of("drop", "blob,tags", "rename", "name:title,level:lvl"),
                        Map.of("exclude", "blob,tags", "renames", "name:title,level:lvl")),
                cast("int widening", "tiny:int16,small:int32,count:int64"),
                cast("int widening", "tiny:int64,small:int64,big:int64"),
                cast("int widening", "tiny:int32"),
                cast("ints to floats", "tiny:float64,small:float32,count:float64,big:float64"),
                cast("float widening", "ratio:float64"),
                cast("numbers to string", "tiny:string,small:string,count:string,big:string,ratio:string,score:string"),
                cast("decimal to float64", "amount:float64"),
                cast("decimal to string", "amount:string"),
                cast("text to integers", "int_text:int8"),
                cast("text to integers", "int_text:int16,float_text:float32"),
                cast("text to numbers", "int_text:int32,float_text:float64"),
                cast("text to numbers", "int_text:int64"),
                cast("booleans to string and numbers", "flag:string"),
                cast("booleans to string and numbers", "flag:int8"),
                cast("booleans to string and numbers", "flag:int32"),
                cast("booleans to string and numbers", "flag:float64"),
                cast("booleans to string and numbers", "flag:boolean"),
                cast("integers to boolean", "tiny:boolean,count:boolean,big:boolean"),
                cast("text to boolean", "bool_text:boolean"),
                cast("bytes to string", "blob:string"),
                cast("a field with a default", "level:int64"),
                cast("a field with a default", "level:string,status:string"),
                cast("a missing field", "nope:int32"),
                chain("of exclude, renames and casts", Map.of("drop", "blob,tags,address", "rename", "name:title,count:n",
                                "cast", "n:int64,tiny:string,int_text:int32"),
                        Map.of("exclude", "blob,tags,address", "renames", "name:title,count:n"),
                        "n:int64,tiny:string,int_text:int32"),
                chain("with Kafka's key names", Map.of("exclude", "address", "renames", "small:s", "cast", "s:string"),
                        Map.of("exclude", "address", "renames", "small:s"), "s:string"),
                chain("casting a renamed field", Map.of("rename", "flag:active", "cast", "active:int8"),
                        Map.of("renames", "flag:active"), "active:int8"));
    }

    /** Schemaless rows: the cases whose fields are in every row and whose values Kafka's schemaless Cast reads. */
    static Stream<Case> schemalessCases() {
        return Stream.of(
                replaceField("exclude", Map.of("drop", "name,blob,tags,address,nope"), Map.of("exclude", "name,blob,tags,address,nope")),
                replaceField("renames", Map.of("rename", "name:title,address:location,nope:x"),
                        Map.of("renames", "name:title,address:location,nope:x")),
                replaceField("renames swapping two names", Map.of("rename", "name:count,count:name"),
                        Map.of("renames", "name:count,count:name")),
                cast("int widening", "tiny:int16,small:int32,count:int64,big:int64"),
                cast("ints to floats", "tiny:float64,small:float32,count:float64,big:float64"),
                cast("float widening", "ratio:float64"),
                cast("numbers to string", "tiny:string,small:string,count:string,big:string,ratio:string,score:string"),
                cast("text to numbers", "int_text:int8,float_text:float32"),
                cast("text to numbers", "int_text:int64,float_text:float64"),
                cast("booleans", "flag:string,tiny:boolean,count:boolean,big:boolean,bool_text:boolean"),
                cast("booleans", "flag:int32"),
                cast("bytes to string", "blob:string"),
                chain("of exclude, renames and casts", Map.of("drop", "blob,tags,address", "rename", "name:title,count:n",
                                "cast", "n:int64,tiny:string,int_text:int32"),
                        Map.of("exclude", "blob,tags,address", "renames", "name:title,count:n"),
                        "n:int64,tiny:string,int_text:int32"));
    }

    // ------------------------------------------------------------------ identical output

    /** Kafka's defaults (replace.null.with.default=true) on rows with no null where a field has a default. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("handBuiltCases")
    void sameOutputAsKafkaOnHandBuiltRows(Case c) {
        assertAllCompared(c, records(rowsWithoutNullDefaults()));
    }

    /**
     * Every row, nulls included, with the peers' replace.null.with.default=false: FieldMapper never
     * writes a default for a null (see {@link #differsKafkaWritesTheDefaultForANull}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("handBuiltCases")
    void sameOutputAsKafkaWithoutDefaultsForNulls(Case c) {
        assertAllCompared(c.withPeerKey("replace.null.with.default", "false"), records(allRows()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemalessCases")
    void sameOutputAsKafkaOnSchemalessRows(Case c) {
        assertAllCompared(c, schemalessRecords(allRows()));
    }

    /**
     * An array or struct cast to a primitive: rejected by both, schema'd and schemaless, wherever the
     * field has a value (for a null, see {@link #differsAnUnsupportedCastFailsEveryRecordOfTheSchema}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"tags:string", "address:int32", "tags:int64"})
    void unsupportedCastsAreRejectedByBothWhereTheFieldHasAValue(String spec) {
        String field = spec.substring(0, spec.indexOf(':'));
        List<Struct> rows = allRows().stream().filter(r -> r.get(field) != null).toList();
        assertEquals(2, rows.size());
        Case c = cast("unsupported", spec);
        for (SinkRecord row : Stream.concat(records(rows).stream(), schemalessRecords(rows).stream()).toList()) {
            assertThrows(DataException.class, () -> apply(peer(c), row), "Kafka rejects " + spec);
            assertThrows(DataException.class, () -> apply(ours(c), row), "FieldMapper rejects " + spec);
        }
        assertAllCompared(c, records(rows));
        assertAllCompared(c, schemalessRecords(allRows())); // a schemaless null: null for both
    }

    // ------------------------------------------------------------------ the recorded corpus

    /** Every data-change event of the corpus through Debezium's ExtractNewRecordState (its defaults). */
    static List<SinkRecord> unwrappedCorpus() {
        List<SinkRecord> out = new ArrayList<>();
        try (ExtractNewRecordState<SinkRecord> unwrap = new ExtractNewRecordState<>()) {
            unwrap.configure(Map.of());
            for (SinkRecord r : Fixtures.records()) {
                SinkRecord row = unwrap.apply(r);
                if (row != null) {
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** The unwrapped rows of one table as a sink with JsonConverter and schemas.enable=false receives them. */
    @SuppressWarnings("unchecked")
    static List<SinkRecord> schemalessCorpus(String table) {
        List<SinkRecord> out = new ArrayList<>();
        for (SinkRecord r : unwrappedCorpus()) {
            if (!r.topic().equals(Fixtures.topic(table)) || r.value() == null) {
                continue;
            }
            Map<String, Object> row = (Map<String, Object>) JsonRecords.decodeSchemaless(r.topic(), false,
                    JsonRecords.encodeSchemaless(r.topic(), r.valueSchema(), r.value())).value();
            out.add(r.newRecord(r.topic(), r.kafkaPartition(), null, r.key(), null, row, r.timestamp(), r.headers().duplicate()));
        }
        return out;
    }

    /** Corpus cases, each with the table whose columns it names (schema'd rows of the other tables lack them). */
    record CorpusCase(String table, Case c) {
        @Override
        public String toString() {
            return table + ": " + c.label();
        }
    }

    static Stream<CorpusCase> corpusCases() {
        return Stream.of(
                new CorpusCase("shop.products", chain("of the products benchmark",
                        Map.of("drop", "manual,thumbnail", "rename", "code:product_code,description:summary", "cast", "qty:int32"),
                        Map.of("exclude", "manual,thumbnail", "renames", "code:product_code,description:summary"), "qty:int32")),
                new CorpusCase("shop.customers", chain("of the customers benchmark",
                        Map.of("drop", "phone,email", "rename", "id:customer_id,name:full_name", "cast", "tier:int32"),
                        Map.of("exclude", "phone,email", "renames", "id:customer_id,name:full_name"), "tier:int32")),
                new CorpusCase("shop.products", replaceField("exclude", Map.of("exclude", "manual,thumbnail,attributes,tags"),
                        Map.of("exclude", "manual,thumbnail,attributes,tags"))),
                new CorpusCase("shop.products", replaceField("renames", Map.of("renames", "id:product_id,code:product_code,weight:mass"),
                        Map.of("renames", "id:product_id,code:product_code,weight:mass"))),
                new CorpusCase("shop.audit_log", replaceField("exclude and renames", Map.of("drop", "actor", "rename", "action:event"),
                        Map.of("exclude", "actor", "renames", "action:event"))),
                new CorpusCase("shop.products", cast("on real columns", "qty:int64,stock:int64,views:string,rating:float64,score:string,active:int8,id:string")),
                new CorpusCase("shop.products", cast("on real columns", "qty:string,stock:float64,views:float64,rating:string,active:string")),
                new CorpusCase("shop.products", cast("on real decimals", "price:float64")),
                new CorpusCase("shop.products", cast("on real decimals", "price:string")),
                new CorpusCase("shop.customers", cast("on real columns", "tier:int64,id:string")),
                new CorpusCase("shop.customers", cast("on real columns", "tier:boolean,id:int64")),
                new CorpusCase("shop.customers", cast("on real columns", "tier:string,id:float64")));
    }

    @Test
    void theUnwrappedCorpusHoldsRowsOfEveryTableAndDeletes() {
        List<SinkRecord> rows = unwrappedCorpus();
        Map<String, Integer> byTopic = new HashMap<>();
        int deletes = 0;
        for (SinkRecord r : rows) {
            if (r.value() == null) {
                deletes++;
            } else {
                assertTrue(r.value() instanceof Struct, "a plain row after unwrapping: " + r.topic());
                byTopic.merge(r.topic(), 1, Integer::sum);
            }
        }
        for (String table : List.of("shop.products", "shop.customers", "shop.audit_log")) {
            assertTrue(byTopic.getOrDefault(Fixtures.topic(table), 0) > 0, table);
        }
        assertTrue(deletes > 0, "deletes unwrapped to null values");
    }

    /** Each case on every unwrapped record of the corpus (rows of other tables lack its fields: skipped by both). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusCases")
    void sameOutputAsKafkaOnTheUnwrappedCorpus(CorpusCase cc) {
        List<SinkRecord> rows = unwrappedCorpus();
        assertAllCompared(cc.c(), rows);
        // the case changes the rows of its table: the comparison is not of two identities
        try (Transformation<SinkRecord> ours = ours(cc.c())) {
            for (SinkRecord r : rows) {
                if (r.topic().equals(Fixtures.topic(cc.table())) && r.value() != null) {
                    assertNotEquals(r.valueSchema(), ours.apply(r).valueSchema(), cc.toString());
                }
            }
        }
    }

    /**
     * The corpus cases but the decimal ones (schemaless JSON carries a Decimal as Base64 text), on the
     * rows of the case's table (Kafka's schemaless Cast adds the keys a row lacks: see
     * {@link #differsSchemalessCastOfAMissingKey}).
     */
    static Stream<CorpusCase> schemalessCorpusCases() {
        return corpusCases().filter(cc -> !cc.c().label().contains("decimals"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemalessCorpusCases")
    void sameOutputAsKafkaOnTheSchemalessCorpus(CorpusCase cc) {
        List<SinkRecord> rows = schemalessCorpus(cc.table());
        assertFalse(rows.isEmpty());
        assertAllCompared(cc.c(), rows);
    }

    // ------------------------------------------------------------------ differences by design

    /**
     * Kafka's ReplaceField and Cast write a field's default for a null (replace.null.with.default,
     * true by default); FieldMapper copies the null as it is.
     */
    @Test
    void differsKafkaWritesTheDefaultForANull() {
        SinkRecord row = records(allRows()).get(3);
        assertNull(((Struct) row.value()).getWithoutDefault("level"));
        Case rename = replaceField("renames", Map.of("rename", "level:lvl"), Map.of("renames", "level:lvl"));
        Case castLevel = cast("a field with a default", "level:int64");
        for (Case c : List.of(rename, castLevel)) {
            Struct theirs = (Struct) apply(peer(c), row).value();
            Struct ours = (Struct) apply(ours(c), row).value();
            String field = c == rename ? "lvl" : "level";
            Object dflt = theirs.schema().field(field).schema().defaultValue();
            assertEquals(dflt, theirs.getWithoutDefault(field), c.label() + ": Kafka writes the default");
            assertNull(ours.getWithoutDefault(field), c.label() + ": FieldMapper keeps the null");
            assertEquals(theirs.schema(), ours.schema(), "same schema");
        }
    }

    /** Kafka's ReplaceField makes an optional row schema required; FieldMapper (and Kafka's Cast) keep it optional. */
    @Test
    void differsReplaceFieldMakesAnOptionalRowRequired() {
        Schema optionalRow = SchemaBuilder.struct().name("shop.Row").version(1).doc("a row").optional()
                .field("a", Schema.INT32_SCHEMA).field("b", Schema.OPTIONAL_STRING_SCHEMA).build();
        SinkRecord row = Envelopes.record("t", null, null, optionalRow, new Struct(optionalRow).put("a", 1).put("b", "x"), 0);
        Case drop = replaceField("exclude", Map.of("drop", "b"), Map.of("exclude", "b"));
        SinkRecord theirs = apply(peer(drop), row);
        SinkRecord ours = apply(ours(drop), row);
        assertFalse(theirs.valueSchema().isOptional(), "ReplaceField: required");
        assertTrue(ours.valueSchema().isOptional(), "FieldMapper: optional, as the input");
        assertEquals(theirs.valueSchema().fields(), ours.valueSchema().fields(), "same fields otherwise");
        for (Field f : theirs.valueSchema().fields()) {
            assertEquals(((Struct) theirs.value()).get(f.name()), ((Struct) ours.value()).get(f.name()), "and values");
        }
        assertEquals(optionalRow.name(), ours.valueSchema().name());
        assertEquals(theirs.valueSchema().name(), ours.valueSchema().name());
        assertEquals(theirs.valueSchema().version(), ours.valueSchema().version());
        assertEquals(theirs.valueSchema().doc(), ours.valueSchema().doc());
        // Kafka's Cast keeps the optionality: identical there
        Case castA = cast("optional row", "a:int64");
        Differential.assertSameRecord(apply(peer(castA), row), apply(ours(castA), row), castA.label());
    }

    /** Decimal to an integer: Kafka truncates the fraction; FieldMapper fails (or writes null with cast.on.error=null). */
    @Test
    void differsCastOfADecimalWithAFractionToAnInteger() {
        SinkRecord row = records(rowsWithoutNullDefaults()).get(0); // amount 12.50
        for (String type : List.of("int8", "int16", "int32", "int64")) {
            Case c = cast("decimal to integer", "amount:" + type);
            Number theirs = (Number) ((Struct) apply(peer(c), row).value()).get("amount");
            assertEquals(12, theirs.intValue(), "Kafka truncates 12.50 to 12");
            assertThrows(DataException.class, () -> apply(ours(c), row), "FieldMapper refuses to lose the fraction");
            Map<String, String> toNull = new HashMap<>(c.ours());
            toNull.put("cast.on.error", "null");
            assertNull(((Struct) apply(fieldMapper(toNull), row).value()).get("amount"));
        }
        // a whole decimal is the same for both
        SinkRecord whole = records(List.of(new Struct(ROW).put("id", 9).put("status", "x").put("level", 1)
                .put("amount", new BigDecimal("5.00")))).get(0);
        Case c = cast("decimal to integer", "amount:int32");
        Differential.assertSameRecord(apply(peer(c), whole), apply(ours(c), whole), c.label());
    }

    /** A decimal between -1 and 1 to boolean: Kafka truncates it to 0 first (false); FieldMapper: not zero, true. */
    @Test
    void differsCastOfAFractionToBoolean() {
        Struct v = new Struct(ROW).put("id", 9).put("status", "x").put("level", 1).put("amount", new BigDecimal("-0.01"))
                .put("score", 0.5);
        SinkRecord row = records(List.of(v)).get(0);
        Case c = cast("fractions to boolean", "amount:boolean,score:boolean");
        Struct theirs = (Struct) apply(peer(c), row).value();
        Struct ours = (Struct) apply(ours(c), row).value();
        assertEquals(false, theirs.get("amount"));
        assertEquals(false, theirs.get("score"));
        assertEquals(true, ours.get("amount"));
        assertEquals(true, ours.get("score"));
        assertEquals(theirs.schema(), ours.schema());
        // NaN: false for Kafka, a failure for FieldMapper
        SinkRecord nan = records(List.of(new Struct(ROW).put("id", 9).put("status", "x").put("score", Double.NaN))).get(0);
        Case s = cast("NaN to boolean", "score:boolean");
        assertEquals(false, ((Struct) apply(peer(s), nan).value()).get("score"));
        assertThrows(DataException.class, () -> apply(ours(s), nan));
    }

    /** A decimal whose plain text needs no exponent: Kafka writes BigDecimal.toString (1E+3, 1E-7); FieldMapper plain text. */
    @Test
    void differsCastOfADecimalToStringWhereJavaUsesAnExponent() {
        for (String[] t : new String[][]{{"1E+3", "1000", "-3"}, {"1E-7", "0.0000001", "7"}}) {
            BigDecimal value = new BigDecimal(t[0]);
            Schema s = SchemaBuilder.struct().field("d", Decimal.builder(Integer.parseInt(t[2])).optional().build()).build();
            SinkRecord row = Envelopes.record("t", null, null, s, new Struct(s).put("d", value), 0);
            Case c = cast("decimal to string", "d:string");
            assertEquals(value.toString(), ((Struct) apply(peer(c), row).value()).get("d"), "Kafka: with the exponent");
            assertEquals(t[1], ((Struct) apply(ours(c), row).value()).get("d"), "FieldMapper: plain text");
        }
    }

    /** Integers narrowed out of range: Kafka wraps around; FieldMapper fails. */
    @Test
    void differsNarrowingOutOfRange() {
        SinkRecord row = records(rowsWithoutNullDefaults()).get(0); // small 300, big 9e9
        for (String spec : List.of("small:int8", "big:int32")) {
            Case c = cast("narrowing", spec);
            String field = spec.substring(0, spec.indexOf(':'));
            Number in = (Number) ((Struct) row.value()).get(field);
            Number theirs = (Number) ((Struct) apply(peer(c), row).value()).get(field);
            assertNotEquals(in.longValue(), theirs.longValue(), "Kafka wraps: " + spec);
            Object wrapped = spec.endsWith("int8") ? (Object) (byte) in.longValue() : (Object) (int) in.longValue();
            assertEquals(wrapped, theirs, "the low bits, as Java's narrowing conversion");
            assertThrows(DataException.class, () -> apply(ours(c), row), "FieldMapper fails: " + spec);
        }
        // in range: the same
        Struct small = new Struct(ROW).put("id", 9).put("status", "x").put("level", 1).put("small", (short) 12)
                .put("count", -5).put("big", 100L);
        assertAllCompared(cast("narrowing in range", "small:int8,count:int16,big:int32"), records(List.of(small)));
    }

    /** Floats to a narrower type: Kafka truncates a fraction and overflows to Infinity; FieldMapper fails. */
    @Test
    void differsFloatsNarrowedWithLoss() {
        Struct v = new Struct(ROW).put("id", 9).put("status", "x").put("level", 1).put("score", 2.5);
        Case toInt = cast("float to integer", "score:int32");
        SinkRecord row = records(List.of(v)).get(0);
        assertEquals(2, ((Struct) apply(peer(toInt), row).value()).get("score"));
        assertThrows(DataException.class, () -> apply(ours(toInt), row));
        SinkRecord huge = records(List.of(new Struct(ROW).put("id", 9).put("status", "x").put("score", 1e300))).get(0);
        Case toFloat = cast("float64 to float32", "score:float32");
        assertEquals(Float.POSITIVE_INFINITY, ((Struct) apply(peer(toFloat), huge).value()).get("score"));
        assertThrows(DataException.class, () -> apply(ours(toFloat), huge));
        // a whole float is the same for both
        SinkRecord whole = records(List.of(new Struct(ROW).put("id", 9).put("status", "x").put("level", 1).put("score", 2.0))).get(0);
        Differential.assertSameRecord(apply(peer(toInt), whole), apply(ours(toInt), whole), toInt.label());
    }

    /**
     * Text: Kafka parses integers with Integer.parseInt and friends (no blanks, no decimal point or
     * exponent), floats with Float.parseFloat (Java's syntax, "1.5f" too) and booleans as "true" or
     * anything else false; FieldMapper trims, accepts whole numbers in any notation, rejects Java
     * suffixes, and fails on a boolean text that is neither true nor false.
     */
    @Test
    void differsTextParsing() {
        for (String text : List.of(" 42 ", "42.0", "4.2e1")) {
            SinkRecord row = textRow(text);
            Case c = cast("text to int32", "int_text:int32");
            assertThrows(DataException.class, () -> apply(peer(c), row), "Kafka rejects '" + text + "'");
            assertEquals(42, ((Struct) apply(ours(c), row).value()).get("int_text"), "FieldMapper reads '" + text + "'");
        }
        SinkRecord suffixed = textRow("1.5f");
        Case f = cast("text to float64", "int_text:float64");
        assertEquals(1.5, ((Struct) apply(peer(f), suffixed).value()).get("int_text"));
        assertThrows(DataException.class, () -> apply(ours(f), suffixed));
        for (String text : List.of("yes", "1", "")) {
            SinkRecord row = textRow(text);
            Case b = cast("text to boolean", "int_text:boolean");
            assertEquals(false, ((Struct) apply(peer(b), row).value()).get("int_text"), "Kafka: '" + text + "' is false");
            assertThrows(DataException.class, () -> apply(ours(b), row), "FieldMapper: '" + text + "' is no boolean");
        }
        // text that is no number: rejected by both
        SinkRecord bad = textRow("abc");
        Case c = cast("text to int32", "int_text:int32");
        assertThrows(DataException.class, () -> apply(peer(c), bad));
        assertThrows(DataException.class, () -> apply(ours(c), bad));
    }

    private static SinkRecord textRow(String text) {
        return records(List.of(new Struct(ROW).put("id", 9).put("status", "x").put("level", 1).put("int_text", text))).get(0);
    }

    /**
     * A field cast to the type it has: Kafka rebuilds a plain schema of that type (a logical name such
     * as io.debezium.data.Json, a doc, parameters are lost); FieldMapper leaves the field as it is.
     */
    @Test
    void differsACastToTheFieldsOwnTypeKeepsItsSchema() {
        Schema json = SchemaBuilder.string().name("io.debezium.data.Json").version(1).optional().build();
        Schema documented = SchemaBuilder.int32().doc("how many").parameter("p", "v").optional().build();
        Schema s = SchemaBuilder.struct().name("row").field("j", json).field("n", documented).build();
        SinkRecord row = Envelopes.record("t", null, null, s, new Struct(s).put("j", "{\"a\": 1}").put("n", 3), 0);
        Case c = cast("to the own type", "j:string,n:int32");
        SinkRecord theirs = apply(peer(c), row);
        SinkRecord ours = apply(ours(c), row);
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, theirs.valueSchema().field("j").schema(), "Kafka: a plain string");
        assertEquals(Schema.OPTIONAL_INT32_SCHEMA, theirs.valueSchema().field("n").schema(), "Kafka: a plain int32");
        assertEquals(json, ours.valueSchema().field("j").schema(), "FieldMapper: the Json string as it was");
        assertEquals(documented, ours.valueSchema().field("n").schema());
        assertEquals(((Struct) theirs.value()).get("j"), ((Struct) ours.value()).get("j"), "same values");
        assertEquals(((Struct) theirs.value()).get("n"), ((Struct) ours.value()).get("n"));
    }

    /**
     * Temporal columns of the recorded corpus: Kafka's Cast reads Debezium's MicroTimestamp and Date as
     * the bare numbers they are carried in (to string: the count as digits; Date to int32: a plain
     * int32); FieldMapper writes ISO-8601 (UTC, the unit's fraction digits) and refuses int32.
     */
    @Test
    void differsCastOfDebeziumTemporalTypes() {
        DateTimeFormatter micros = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
        Case c = cast("temporal to string", "updated_at:string,released:string");
        int compared = 0;
        for (SinkRecord r : unwrappedCorpus()) {
            if (!r.topic().equals(Fixtures.topic("shop.products")) || r.value() == null) {
                continue;
            }
            assertEquals("io.debezium.time.MicroTimestamp", r.valueSchema().field("updated_at").schema().name());
            assertEquals("io.debezium.time.Date", r.valueSchema().field("released").schema().name());
            Struct in = (Struct) r.value();
            Struct theirs = (Struct) apply(peer(c), r).value();
            Struct ours = (Struct) apply(ours(c), r).value();
            Long ts = in.getInt64("updated_at");
            Integer day = in.getInt32("released");
            assertEquals(ts == null ? null : Long.toString(ts), theirs.get("updated_at"), "Kafka: the count");
            assertEquals(day == null ? null : Integer.toString(day), theirs.get("released"));
            assertEquals(ts == null ? null : micros.format(java.time.Instant.EPOCH.plus(ts, ChronoUnit.MICROS)),
                    ours.get("updated_at"), "FieldMapper: ISO-8601");
            assertEquals(day == null ? null : LocalDate.ofEpochDay(day).toString(), ours.get("released"));
            assertEquals(theirs.schema(), ours.schema(), "both: optional strings");
            compared++;
        }
        assertTrue(compared > 0);
        // int64: the count, the same for both
        Case counts = cast("temporal to int64", "updated_at:int64,released:int64");
        assertAllCompared(counts, unwrappedCorpus());
        // Date to int32: Kafka drops the logical name; FieldMapper refuses the cast
        SinkRecord first = unwrappedCorpus().get(0);
        Case int32 = cast("date to int32", "released:int32");
        assertEquals(Schema.OPTIONAL_INT32_SCHEMA, apply(peer(int32), first).valueSchema().field("released").schema());
        assertThrows(DataException.class, () -> apply(ours(int32), first));
    }

    /**
     * A cast no value of the field's type can take (an array to string): Kafka's Cast checks each
     * value, so a record whose field is null passes (the field's schema now a string); FieldMapper
     * checks the field's schema once, and every record of that schema fails, null or not.
     */
    @Test
    void differsAnUnsupportedCastFailsEveryRecordOfTheSchema() {
        SinkRecord row = records(rowsWithoutNullDefaults()).get(2);
        assertNull(((Struct) row.value()).get("tags"));
        Case c = cast("unsupported", "tags:string");
        SinkRecord theirs = apply(peer(c), row);
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, theirs.valueSchema().field("tags").schema(), "Kafka: a string field");
        assertNull(((Struct) theirs.value()).get("tags"));
        DataException e = assertThrows(DataException.class, () -> apply(ours(c), row), "FieldMapper: the schema fails");
        assertTrue(e.getMessage().contains("tags"), e.getMessage());
    }

    /** Schemaless: Kafka's Cast adds a key it was told to cast and the row lacks, with a null; FieldMapper leaves the row alone. */
    @Test
    void differsSchemalessCastOfAMissingKey() {
        SinkRecord row = schemalessRecords(rowsWithoutNullDefaults()).get(0);
        Case c = cast("a missing key", "nope:int32");
        @SuppressWarnings("unchecked")
        Map<String, Object> theirs = (Map<String, Object>) apply(peer(c), row).value();
        @SuppressWarnings("unchecked")
        Map<String, Object> ours = (Map<String, Object>) apply(ours(c), row).value();
        assertTrue(theirs.containsKey("nope"));
        assertNull(theirs.get("nope"));
        assertFalse(ours.containsKey("nope"));
        theirs.remove("nope");
        assertEquals(theirs, ours, "otherwise the same");
    }

    /**
     * Names: ReplaceField's are top-level field names, so exclude=a.b removes a field named "a.b";
     * FieldMapper's are paths (a.b is field b of struct a; the name with a dot is written `a.b`).
     */
    @Test
    void differsNamesArePathsInFieldMapper() {
        Schema inner = SchemaBuilder.struct().optional().field("b", Schema.OPTIONAL_INT32_SCHEMA).build();
        Schema s = SchemaBuilder.struct().name("row").field("a.b", Schema.INT32_SCHEMA).field("a", inner).build();
        SinkRecord row = Envelopes.record("t", null, null, s, new Struct(s).put("a.b", 1).put("a", new Struct(inner).put("b", 2)), 0);
        Case plain = replaceField("exclude a.b", Map.of("drop", "a.b"), Map.of("exclude", "a.b"));
        Struct theirs = (Struct) apply(peer(plain), row).value();
        Struct ours = (Struct) apply(ours(plain), row).value();
        assertNull(theirs.schema().field("a.b"), "Kafka removes the field named a.b");
        assertEquals(1, theirs.getStruct("a").schema().fields().size(), "and leaves the struct");
        assertEquals(1, ours.get("a.b"), "FieldMapper keeps the field named a.b");
        assertTrue(ours.getStruct("a").schema().fields().isEmpty(), "and removes field b of struct a");
        // the backticked name is Kafka's meaning
        Case quoted = replaceField("exclude `a.b`", Map.of("drop", "`a.b`"), Map.of("exclude", "a.b"));
        Differential.assertSameRecord(apply(peer(quoted), row), apply(ours(quoted), row), quoted.label());
    }

    // ------------------------------------------------------------------ helpers

    private static void assertAllCompared(Case c, List<SinkRecord> records) {
        assertAllCompared(ours(c), peer(c), records, c.label());
    }

    /** Every record gives the same output from both (or is rejected by both), and Kafka's never crashes; closes both. */
    static void assertAllCompared(Transformation<SinkRecord> ours, Transformation<SinkRecord> peer,
                                  List<SinkRecord> records, String label) {
        try (ours; peer) {
            Differential.Outcome o = Differential.compare(ours, peer, records, label);
            assertEquals(0, o.peerCrashes, "Kafka crashed: " + label);
            assertEquals(records.size(), o.compared, label);
        }
    }

    static Transformation<SinkRecord> ours(Case c) {
        return fieldMapper(c.ours());
    }

    static Transformation<SinkRecord> fieldMapper(Map<String, String> config) {
        FieldMapper.Value<SinkRecord> t = new FieldMapper.Value<>();
        t.configure(config);
        return t;
    }

    /** Kafka's ReplaceField$Value, Cast$Value, or the two one after the other. */
    static Transformation<SinkRecord> peer(Case c) {
        Transformation<SinkRecord> replace = null;
        Transformation<SinkRecord> cast = null;
        if (c.replaceField() != null) {
            replace = new ReplaceField.Value<>();
            replace.configure(c.replaceField());
        }
        if (c.cast() != null) {
            cast = new Cast.Value<>();
            cast.configure(c.cast());
        }
        return replace == null ? cast : cast == null ? replace : oneAfterTheOther(replace, cast);
    }

    /** {@code t} on a copy of {@code r}, then closed. */
    static SinkRecord apply(Transformation<SinkRecord> t, SinkRecord r) {
        try (t) {
            return t.apply(Envelopes.copy(r));
        }
    }

    /**
     * Two transforms one after the other, as a connector's chain applies them (a null from the first
     * ends it). A dynamic proxy rather than a class: a Transformation class among the test classes
     * would be picked up, and fail to instantiate, when the Kafka 3.9 worker of FieldMapperConnectIT
     * scans its class path for plugins.
     */
    @SuppressWarnings("unchecked")
    static Transformation<SinkRecord> oneAfterTheOther(Transformation<SinkRecord> first, Transformation<SinkRecord> second) {
        return (Transformation<SinkRecord>) Proxy.newProxyInstance(Transformation.class.getClassLoader(),
                new Class<?>[]{Transformation.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "apply":
                            SinkRecord r = first.apply((SinkRecord) args[0]);
                            return r == null ? null : second.apply(r);
                        case "close":
                            first.close();
                            second.close();
                            return null;
                        case "config":
                            return new ConfigDef();
                        case "configure":
                            return null;
                        case "toString":
                            return first + " + " + second;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

}
