package io.cdckit.smt.mapping;

import io.cdckit.core.record.SchemaCopy;
import io.cdckit.testkit.Differential;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Flatten;
import org.apache.kafka.connect.transforms.HeaderFrom;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.ROW;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.allRows;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.apply;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.assertAllCompared;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.fieldMapper;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.oneAfterTheOther;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.records;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.rowsWithoutNullDefaults;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.schemalessCorpus;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.schemalessRecords;
import static io.cdckit.smt.mapping.FieldMapperDifferentialTest.unwrappedCorpus;
import static io.cdckit.smt.mapping.FieldMapperTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FieldMapper}'s {@code insert} and {@code flatten} steps next to Kafka's own
 * {@code InsertField$Value} and {@code Flatten$Value}, and the chain {@code ReplaceField},
 * {@code InsertField}, {@code Flatten} next to one FieldMapper, where their semantics overlap
 * (top-level inserted fields, and the types Kafka's transforms handle). Same records through both,
 * and the test kit's {@link Differential} requires the same output part by part (value schema by
 * {@code Schema.equals}, value by {@code Struct.equals} or {@code Map.equals}, headers), or a
 * rejection by both. Inputs: the hand-built rows of {@link FieldMapperDifferentialTest} (schema'd
 * and schemaless), and the recorded real corpus unwrapped by Debezium's
 * {@code ExtractNewRecordState}, every table, schema'd and as a schemaless JSON sink receives it.
 *
 * <p>Kafka's {@code HeaderFrom} goes the other way from FieldMapper: it copies or moves a field of
 * the value into a header, while FieldMapper writes no header at all and only reads them
 * ({@code $header.<name>} inserts a header into the row). No Kafka transform copies a header into
 * a field, so writing the header (HeaderFrom's copy, and the header half of its move) is out of
 * FieldMapper's scope. Where the two meet is tested: the round trip (a header HeaderFrom copies
 * from a field, read back by FieldMapper with the field's type given, is that field, and
 * FieldMapper leaves the headers as they are), and the value half of a move (HeaderFrom's move is
 * its copy followed by FieldMapper's {@code drop}, record for record).
 *
 * <p>Where the two differ by design, the case stays out of the identity comparison and has a test
 * of its own ({@code differenceByDesign...}) asserting what each side gives: InsertField's
 * {@code !} makes an inserted field required (FieldMapper's are always optional), InsertField makes
 * an optional row required, overwrites a key a schemaless row has (FieldMapper fails naming it),
 * rejects a source record's offset and adds no schemaless key for a missing partition or timestamp
 * (FieldMapper: null); Flatten's default delimiter is {@code .} (FieldMapper's {@code _}), it reads
 * the default of a stored null (FieldMapper keeps the null), rejects schemaless BigDecimal and Date
 * values and MAP fields (FieldMapper keeps them as leaves); both reject a value that is no row
 * (FieldMapper passes it through); and a header is read as a string unless a type follows, whatever
 * schema HeaderFrom gave it.
 */
class FieldMapperChainDifferentialTest {

    // ------------------------------------------------------------------ the two sides

    /** One of Kafka's transforms with its configuration (Kafka's defaults for the keys not given). */
    record Peer(String name, Supplier<Transformation<SinkRecord>> type, Map<String, String> config) {

        Transformation<SinkRecord> create() {
            Transformation<SinkRecord> t = type.get();
            t.configure(config);
            return t;
        }

        Peer with(String key, String value) {
            Map<String, String> m = new HashMap<>(config);
            m.put(key, value);
            return new Peer(name, type, m);
        }

        @Override
        public String toString() {
            return name + config;
        }
    }

    static Peer insertField(String... kv) {
        return new Peer("InsertField", InsertField.Value::new, props(kv));
    }

    static Peer flatten(String... kv) {
        return new Peer("Flatten", Flatten.Value::new, props(kv));
    }

    static Peer replaceField(String... kv) {
        return new Peer("ReplaceField", ReplaceField.Value::new, props(kv));
    }

    static Peer headerFrom(String... kv) {
        return new Peer("HeaderFrom", HeaderFrom.Value::new, props(kv));
    }

    /** One comparison: FieldMapper's configuration, and Kafka's transforms one after the other. */
    record Case(String label, Map<String, String> ours, List<Peer> kafka) {

        Transformation<SinkRecord> kafkaChain() {
            Transformation<SinkRecord> chain = kafka.get(0).create();
            for (Peer p : kafka.subList(1, kafka.size())) {
                chain = oneAfterTheOther(chain, p.create());
            }
            return chain;
        }

        Transformation<SinkRecord> fieldMapper() {
            return FieldMapperDifferentialTest.fieldMapper(ours);
        }

        /** The same case with {@code key=value} given to each of Kafka's transforms. */
        Case withKafkaKey(String key, String value) {
            return new Case(label, ours, kafka.stream().map(p -> p.with(key, value)).toList());
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Case insert(String label, String ours, String... kafka) {
        return new Case("InsertField " + label, Map.of("insert", ours), List.of(insertField(kafka)));
    }

    static Case flattenCase(String label, Map<String, String> ours, Peer kafka) {
        return new Case("Flatten " + label, ours, List.of(kafka));
    }

    private static void assertSameAsKafka(Case c, List<SinkRecord> records) {
        assertAllCompared(c.fieldMapper(), c.kafkaChain(), records, c.label());
    }

    /** The records with a record timestamp each (the recorded corpus has none), so that $timestamp has a value. */
    static List<SinkRecord> timestamped(List<SinkRecord> records) {
        List<SinkRecord> out = new ArrayList<>();
        for (SinkRecord r : records) {
            out.add(r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                    1_714_000_000_000L + out.size(), r.headers().duplicate()));
        }
        return out;
    }

    // ------------------------------------------------------------------ InsertField

    /** All five of InsertField's fields, in the order it adds them. */
    static final String ALL_FIVE = "t:$topic, p:$partition, o:$offset, ts:$timestamp, region:eu-west-1";
    static final String[] ALL_FIVE_KAFKA = {"topic.field", "t", "partition.field", "p", "offset.field", "o",
            "timestamp.field", "ts", "static.field", "region", "static.value", "eu-west-1"};

    static Stream<Case> insertFieldCases() {
        return Stream.of(
                insert("topic", "t:$topic", "topic.field", "t"),
                insert("partition", "p:$partition", "partition.field", "p"),
                insert("offset", "o:$offset", "offset.field", "o"),
                insert("timestamp", "ts:$timestamp", "timestamp.field", "ts"),
                insert("static", "region:eu-west-1", "static.field", "region", "static.value", "eu-west-1"),
                insert("static text with a colon", "label:12:30", "static.field", "label", "static.value", "12:30"),
                insert("with the optional suffix ?", "t:$topic, p:$partition", "topic.field", "t?",
                        "partition.field", "p?"),
                insert("all five, in Kafka's order", ALL_FIVE, ALL_FIVE_KAFKA));
    }

    /** Kafka's defaults (replace.null.with.default=true) on rows with no null where a field has a default. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("insertFieldCases")
    void sameOutputAsInsertFieldOnHandBuiltRows(Case c) {
        assertSameAsKafka(c, records(rowsWithoutNullDefaults()));
    }

    /** Every row, nulls included, with InsertField's replace.null.with.default=false (FieldMapper never writes defaults). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("insertFieldCases")
    void sameOutputAsInsertFieldWithoutDefaultsForNulls(Case c) {
        assertSameAsKafka(c.withKafkaKey("replace.null.with.default", "false"), records(allRows()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("insertFieldCases")
    void sameOutputAsInsertFieldOnSchemalessRows(Case c) {
        assertSameAsKafka(c, schemalessRecords(allRows()));
    }

    /** The inserted fields: optional, an int32 partition, an int64 offset, a Connect Timestamp, strings; both alike. */
    @Test
    void insertedFieldsHaveInsertFieldsSchemas() {
        SinkRecord row = records(rowsWithoutNullDefaults()).get(0);
        Case all = insert("all five", ALL_FIVE, ALL_FIVE_KAFKA);
        SinkRecord theirs = apply(all.kafkaChain(), row);
        SinkRecord ours = apply(all.fieldMapper(), row);
        Schema added = SchemaBuilder.struct()
                .field("t", Schema.OPTIONAL_STRING_SCHEMA)
                .field("p", Schema.OPTIONAL_INT32_SCHEMA)
                .field("o", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts", Timestamp.builder().optional().build())
                .field("region", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        for (SinkRecord r : List.of(theirs, ours)) {
            List<Field> fields = r.valueSchema().fields();
            assertEquals(added.fields(), renumbered(fields.subList(ROW.fields().size(), fields.size())));
            assertEquals(Timestamp.LOGICAL_NAME, r.valueSchema().field("ts").schema().name());
            Struct v = (Struct) r.value();
            assertEquals("shop.items", v.get("t"));
            assertEquals(0, v.get("p"));
            assertEquals(row.kafkaOffset(), v.get("o"));
            assertEquals(new Date(row.timestamp()), v.get("ts"));
            assertEquals("eu-west-1", v.get("region"));
        }
        Differential.assertSameRecord(theirs, ours, all.label());
    }

    /** The fields as a struct of their own would have them (index from 0), to compare with Field.equals. */
    private static List<Field> renumbered(List<Field> fields) {
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            out.add(new Field(f.name(), out.size(), f.schema()));
        }
        return out;
    }

    /** Inserting a field the Struct row has: rejected by both (Kafka's SchemaBuilder, FieldMapper's plan naming the field). */
    @Test
    void insertingAFieldTheStructRowHasIsRejectedByBoth() {
        Case onto = insert("onto an existing field", "name:$topic", "topic.field", "name");
        List<SinkRecord> rows = records(allRows());
        for (SinkRecord r : rows) {
            assertThrows(DataException.class, () -> apply(onto.kafkaChain(), r));
            DataException e = assertThrows(DataException.class, () -> apply(onto.fieldMapper(), r));
            assertTrue(e.getMessage().contains("'name'"), e.getMessage());
        }
        assertSameAsKafka(onto, rows);
    }

    /**
     * The recorded corpus after Unwrap, every table (deletes unwrapped to null values pass both
     * unchanged), with record timestamps: schema'd, and each table as a schemaless sink receives it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("insertFieldCases")
    void sameOutputAsInsertFieldOnTheUnwrappedCorpus(Case c) {
        List<SinkRecord> rows = timestamped(unwrappedCorpus());
        assertSameAsKafka(c, rows);
        for (String table : TABLES) {
            assertSameAsKafka(c, timestamped(schemalessCorpus(table)));
        }
    }

    static final List<String> TABLES = List.of("shop.products", "shop.customers", "shop.audit_log");

    // ------------------------------------------------------------------ Flatten

    /** A row nested two levels, with an optional struct holding required leaves and a leaf with a default. */
    static final Schema GEO = SchemaBuilder.struct().name("shop.Geo")
            .field("lat", Schema.FLOAT64_SCHEMA)
            .field("lon", Schema.FLOAT64_SCHEMA)
            .build();
    static final Schema PLACE = SchemaBuilder.struct().name("shop.Place").optional()
            .field("city", Schema.STRING_SCHEMA)
            .field("country", SchemaBuilder.string().defaultValue("FR").build())
            .field("geo", GEO)
            .build();
    static final Schema NESTED = SchemaBuilder.struct().name("shop.public.stores.Value").version(1)
            .field("id", Schema.INT32_SCHEMA)
            .field("place", PLACE)
            .field("manager", SchemaBuilder.struct().field("name", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("home", PLACE).build())
            .build();

    static List<SinkRecord> nestedRecords() {
        Struct geo = new Struct(GEO).put("lat", 45.76).put("lon", 4.84);
        Struct lyon = new Struct(PLACE).put("city", "Lyon").put("country", "FR").put("geo", geo);
        Struct bern = new Struct(PLACE).put("city", "Bern").put("country", "CH")
                .put("geo", new Struct(GEO).put("lat", 46.95).put("lon", 7.45));
        Schema manager = NESTED.field("manager").schema();
        List<SinkRecord> out = new ArrayList<>();
        for (Struct row : List.of(
                new Struct(NESTED).put("id", 1).put("place", lyon).put("manager", new Struct(manager).put("name", "Ada").put("home", bern)),
                new Struct(NESTED).put("id", 2).put("manager", new Struct(manager)))) {
            out.add(Envelopes.record("shop.stores", null, null, NESTED, row, out.size()));
        }
        return out;
    }

    static Stream<Case> flattenCases() {
        return Stream.of(
                flattenCase("Kafka's default delimiter '.' (FieldMapper's given)", Map.of("flatten", "true",
                        "flatten.delimiter", "."), flatten()),
                flattenCase("FieldMapper's default delimiter '_' (Kafka's given)", Map.of("flatten", "true"),
                        flatten("delimiter", "_")),
                flattenCase("a custom delimiter '__'", Map.of("flatten", "true", "flatten.delimiter", "__"),
                        flatten("delimiter", "__")),
                flattenCase("a custom delimiter '->'", Map.of("flatten", "true", "flatten.delimiter", "->"),
                        flatten("delimiter", "->")));
    }

    /** Rows with no null where a field has a default (Kafka's Flatten reads defaults: see the difference below). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("flattenCases")
    void sameOutputAsFlattenOnHandBuiltRows(Case c) {
        assertSameAsKafka(c, records(rowsWithoutNullDefaults()));
        assertSameAsKafka(c, nestedRecords());
        // an optional row: both give a required one
        Schema optional = SchemaBuilder.struct().name("shop.Row").optional().field("id", Schema.INT32_SCHEMA)
                .field("place", PLACE).build();
        assertSameAsKafka(c, List.of(Envelopes.record("t", null, null, optional, new Struct(optional).put("id", 1), 0),
                Envelopes.record("t", null, null, optional, null, 1)));
    }

    /** Schemaless rows without BigDecimal or Date values (which Kafka's schemaless Flatten rejects). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("flattenCases")
    void sameOutputAsFlattenOnSchemalessRows(Case c) {
        assertSameAsKafka(c, schemalessRecords(allRows()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flattenCases")
    void sameOutputAsFlattenOnTheUnwrappedCorpus(Case c) {
        List<SinkRecord> rows = unwrappedCorpus();
        assertSameAsKafka(c, rows);
        for (String table : TABLES) {
            assertSameAsKafka(c, schemalessCorpus(table));
        }
    }

    /** The corpus has a struct column to flatten: Debezium's VariableScaleDecimal (products.weight). */
    @Test
    void theCorpusHasAStructColumnThatBothFlatten() {
        Case c = flattenCases().findFirst().orElseThrow();
        SinkRecord product = unwrappedCorpus().stream()
                .filter(r -> r.topic().equals(Fixtures.topic("shop.products")) && r.value() != null).findFirst()
                .orElseThrow();
        assertEquals(Schema.Type.STRUCT, product.valueSchema().field("weight").schema().type());
        SinkRecord ours = apply(c.fieldMapper(), product);
        assertTrue(ours.valueSchema().field("weight.scale") != null && ours.valueSchema().field("weight.value") != null,
                ours.valueSchema().fields().toString());
        Differential.assertSameRecord(apply(c.kafkaChain(), product), ours, c.label());
    }

    // ------------------------------------------------------------------ HeaderFrom

    static Peer headerCopy(String fields, String headers) {
        return headerFrom("fields", fields, "headers", headers, "operation", "copy");
    }

    /** Fields of {@link FieldMapperDifferentialTest#ROW} HeaderFrom copies, their headers, and FieldMapper's type for each. */
    static final String[][] HEADER_FIELDS = {
            {"count", "h_count", "int32"}, {"name", "h_name", null}, {"flag", "h_flag", "boolean"},
            {"big", "h_big", "int64"}, {"small", "h_small", "int16"}, {"score", "h_score", "float64"},
            {"ratio", "h_ratio", "float32"}, {"amount", "h_amount", "decimal(10,2)"}, {"blob", "h_blob", "bytes"}};

    /**
     * The round trip: HeaderFrom copies fields into headers (each with its field's schema, the value
     * left as it was), FieldMapper inserts each header back as a field, given its type, and leaves
     * the headers as they are; the inserted field has the header's schema (optional) and the field's value.
     */
    static void assertReadBack(List<SinkRecord> rows, String[][] fields, boolean schemaless) {
        StringBuilder names = new StringBuilder();
        StringBuilder headers = new StringBuilder();
        StringBuilder inserts = new StringBuilder();
        for (String[] f : fields) {
            names.append(names.length() == 0 ? "" : ",").append(f[0]);
            headers.append(headers.length() == 0 ? "" : ",").append(f[1]);
            inserts.append(inserts.length() == 0 ? "" : ", ").append(f[0]).append("_back:$header.").append(f[1])
                    .append(f[2] == null ? "" : ":" + f[2]);
        }
        Peer copy = headerCopy(names.toString(), headers.toString());
        for (SinkRecord r : rows) {
            SinkRecord copied = apply(copy.create(), r);
            assertEquals(r.value(), copied.value(), "HeaderFrom's copy leaves the value");
            SinkRecord ours = apply(fieldMapper(Map.of("insert", inserts.toString())), copied);
            assertEquals(Differential.headers(copied), Differential.headers(ours), "FieldMapper leaves the headers");
            for (String[] f : fields) {
                Header h = copied.headers().lastWithName(f[1]);
                Object in = schemaless ? ((Map<?, ?>) r.value()).get(f[0]) : ((Struct) r.value()).get(f[0]);
                Object back = schemaless ? ((Map<?, ?>) ours.value()).get(f[0] + "_back")
                        : ((Struct) ours.value()).get(f[0] + "_back");
                assertTrue(Objects.deepEquals(in, h.value()), f[0] + ": the header holds the field's value");
                assertTrue(Objects.deepEquals(in, back), f[0] + ": read back, the field's value: " + back);
                if (!schemaless) {
                    assertEquals(r.valueSchema().field(f[0]).schema(), h.schema(), f[0] + ": the header has its schema");
                    assertEquals(SchemaCopy.optional(h.schema()), ours.valueSchema().field(f[0] + "_back").schema(),
                            f[0] + ": the field read back has the header's schema, optional as every inserted field");
                }
            }
        }
    }

    @Test
    void aHeaderHeaderFromCopiesIsReadBackByFieldMapperAsTheField() {
        assertReadBack(records(allRows()), HEADER_FIELDS, false);
    }

    @Test
    void aHeaderHeaderFromCopiesFromASchemalessRowIsReadBackByFieldMapper() {
        String[][] fields = Arrays.stream(HEADER_FIELDS).filter(f -> !f[0].equals("amount")).toArray(String[][]::new);
        assertReadBack(schemalessRecords(allRows()), fields, true);
    }

    /** Columns of each table of the corpus, copied into headers and read back (rows only: HeaderFrom rejects a null value). */
    static final Map<String, String[][]> CORPUS_HEADER_FIELDS = Map.of(
            "shop.products", new String[][]{{"id", "h_id", "int32"}, {"code", "h_code", null}, {"qty", "h_qty", "int16"},
                    {"views", "h_views", "int64"}, {"active", "h_active", "boolean"}, {"price", "h_price", "decimal(10,2)"}},
            "shop.customers", new String[][]{{"id", "h_id", "int32"}, {"email", "h_email", null},
                    {"phone", "h_phone", null}},
            "shop.audit_log", new String[][]{{"actor", "h_actor", null}, {"action", "h_action", null}});

    @Test
    void aHeaderHeaderFromCopiesIsReadBackByFieldMapperOnTheUnwrappedCorpus() {
        List<SinkRecord> all = unwrappedCorpus();
        CORPUS_HEADER_FIELDS.forEach((table, fields) -> {
            List<SinkRecord> rows = all.stream()
                    .filter(r -> r.topic().equals(Fixtures.topic(table)) && r.value() != null).toList();
            assertFalse(rows.isEmpty(), table);
            assertReadBack(rows, fields, false);
            // schemaless JSON: integers are Longs, a Decimal Base64 text
            String[][] plain = Arrays.stream(fields).filter(f -> !f[0].equals("price"))
                    .map(f -> new String[]{f[0], f[1], f[2] != null && f[2].startsWith("int") ? "int64" : f[2]})
                    .toArray(String[][]::new);
            assertReadBack(schemalessCorpus(table), plain, true);
        });
    }

    /**
     * HeaderFrom's move is its copy plus the field's removal: FieldMapper writes no header, so the
     * header half stays HeaderFrom's (out of FieldMapper's scope), but the value half is FieldMapper's
     * drop, and the records are the same: HeaderFrom move against HeaderFrom copy then FieldMapper.
     */
    @Test
    void headerFromsMoveIsItsCopyThenFieldMappersDrop() {
        Peer move = headerFrom("fields", "count,name,address", "headers", "h_count,h_name,h_address", "operation", "move");
        Supplier<Transformation<SinkRecord>> ours = () -> oneAfterTheOther(
                headerCopy("count,name,address", "h_count,h_name,h_address").create(),
                fieldMapper(Map.of("drop", "count,name,address")));
        assertAllCompared(ours.get(), move.create(), records(rowsWithoutNullDefaults()), "move");
        assertAllCompared(ours.get(), move.with("replace.null.with.default", "false").create(), records(allRows()),
                "move without defaults for nulls");
        assertAllCompared(ours.get(), move.create(), schemalessRecords(allRows()), "move, schemaless");
        List<SinkRecord> corpus = unwrappedCorpus();
        CORPUS_HEADER_FIELDS.forEach((table, fields) -> {
            String names = String.join(",", Arrays.stream(fields).map(f -> f[0]).toList());
            String headers = String.join(",", Arrays.stream(fields).map(f -> f[1]).toList());
            Peer m = headerFrom("fields", names, "headers", headers, "operation", "move");
            Supplier<Transformation<SinkRecord>> o = () -> oneAfterTheOther(headerCopy(names, headers).create(),
                    fieldMapper(Map.of("drop", names)));
            List<SinkRecord> rows = corpus.stream().filter(r -> r.topic().equals(Fixtures.topic(table))).toList();
            assertAllCompared(o.get(), m.create(), rows, "move on " + table);
            assertAllCompared(o.get(), m.create(), schemalessCorpus(table), "move on " + table + ", schemaless");
        });
    }

    /**
     * Types: HeaderFrom gives a header the schema of its field (an int32 field, an int32 header);
     * FieldMapper reads a header as a string unless a type follows ({@code $header.h_count:int32}),
     * whatever the header's schema.
     */
    @Test
    void differenceByDesignAHeaderIsReadAsAStringUnlessATypeFollows() {
        SinkRecord copied = apply(headerCopy("count", "h_count").create(), records(rowsWithoutNullDefaults()).get(0));
        Header h = copied.headers().lastWithName("h_count");
        assertEquals(Schema.OPTIONAL_INT32_SCHEMA, h.schema(), "HeaderFrom: the int32 field's schema");
        assertEquals(42, h.value());
        Struct untyped = (Struct) apply(fieldMapper(Map.of("insert", "n:$header.h_count")), copied).value();
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, untyped.schema().field("n").schema(), "FieldMapper: a string");
        assertEquals("42", untyped.get("n"));
        Struct typed = (Struct) apply(fieldMapper(Map.of("insert", "n:$header.h_count:int32")), copied).value();
        assertEquals(Schema.OPTIONAL_INT32_SCHEMA, typed.schema().field("n").schema(), "FieldMapper with :int32");
        assertEquals(42, typed.get("n"));
    }

    /** A header holding a struct or an array (HeaderFrom copies such fields) is no single value: a DataException naming the field. */
    @Test
    void aStructOrArrayHeaderCannotBeInserted() {
        SinkRecord copied = apply(headerCopy("address,tags", "h_address,h_tags").create(),
                records(rowsWithoutNullDefaults()).get(0));
        for (String h : List.of("h_address", "h_tags")) {
            DataException e = assertThrows(DataException.class,
                    () -> apply(fieldMapper(Map.of("insert", "x:$header." + h)), copied));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains(h), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the chain

    /**
     * Kafka's chain ReplaceField (include, renames), InsertField (all five), Flatten next to one
     * FieldMapper: one config for every table of the corpus (names a table lacks match nothing).
     */
    static Case chain() {
        return new Case("ReplaceField + InsertField + Flatten",
                Map.of("include", "id,code,price,weight,updated_at,email,tier,action,happened_at",
                        "renames", "code:product_code,email:mail,action:event",
                        "insert", ALL_FIVE,
                        "flatten", "true"),
                List.of(replaceField("include", "id,code,price,weight,updated_at,email,tier,action,happened_at",
                                "renames", "code:product_code,email:mail,action:event"),
                        insertField(ALL_FIVE_KAFKA),
                        flatten("delimiter", "_")));
    }

    @Test
    void sameOutputAsTheKafkaChainOnTheUnwrappedCorpus() {
        List<SinkRecord> rows = timestamped(unwrappedCorpus());
        assertSameAsKafka(chain(), rows);
        // the chain changes every row: weight flattened, renames, five fields added
        try (Transformation<SinkRecord> ours = chain().fieldMapper()) {
            for (SinkRecord r : rows) {
                if (r.value() != null) {
                    Schema out = ours.apply(Envelopes.copy(r)).valueSchema();
                    assertTrue(out.field("region") != null && out.field("ts") != null, r.topic());
                    if (r.topic().equals(Fixtures.topic("shop.products"))) {
                        assertEquals(List.of("id", "product_code", "price", "weight_scale", "weight_value",
                                "updated_at", "t", "p", "o", "ts", "region"),
                                out.fields().stream().map(Field::name).toList());
                    }
                }
            }
        }
    }

    @Test
    void sameOutputAsTheKafkaChainOnTheSchemalessCorpus() {
        for (String table : TABLES) {
            assertSameAsKafka(chain(), timestamped(schemalessCorpus(table)));
        }
    }

    // ------------------------------------------------------------------ differences by design

    /** InsertField's '!' suffix makes an inserted field required; FieldMapper's inserted fields are always optional. */
    @Test
    void differenceByDesignInsertedFieldsAreOptionalWhereInsertFieldIsToldRequired() {
        SinkRecord row = records(rowsWithoutNullDefaults()).get(0);
        Case required = insert("required", "t:$topic, p:$partition", "topic.field", "t!", "partition.field", "p!");
        SinkRecord theirs = apply(required.kafkaChain(), row);
        SinkRecord ours = apply(required.fieldMapper(), row);
        assertEquals(Schema.STRING_SCHEMA, theirs.valueSchema().field("t").schema(), "InsertField: required");
        assertEquals(Schema.INT32_SCHEMA, theirs.valueSchema().field("p").schema());
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, ours.valueSchema().field("t").schema(), "FieldMapper: optional");
        assertEquals(Schema.OPTIONAL_INT32_SCHEMA, ours.valueSchema().field("p").schema());
        for (String f : List.of("t", "p")) {
            assertEquals(((Struct) theirs.value()).get(f), ((Struct) ours.value()).get(f), "same values");
        }
    }

    /** InsertField rebuilds the row schema required (as ReplaceField does); FieldMapper keeps an optional row optional. */
    @Test
    void differenceByDesignInsertFieldMakesAnOptionalRowRequired() {
        Schema optionalRow = SchemaBuilder.struct().name("shop.Row").version(1).doc("a row").optional()
                .field("a", Schema.INT32_SCHEMA).build();
        SinkRecord row = Envelopes.record("t", null, null, optionalRow, new Struct(optionalRow).put("a", 1), 0);
        Case c = insert("topic", "t:$topic", "topic.field", "t");
        SinkRecord theirs = apply(c.kafkaChain(), row);
        SinkRecord ours = apply(c.fieldMapper(), row);
        assertFalse(theirs.valueSchema().isOptional(), "InsertField: required");
        assertTrue(ours.valueSchema().isOptional(), "FieldMapper: optional, as the input");
        assertEquals(theirs.valueSchema().fields(), ours.valueSchema().fields(), "same fields otherwise");
        assertEquals(theirs.valueSchema().name(), ours.valueSchema().name());
        assertEquals(theirs.valueSchema().version(), ours.valueSchema().version());
        assertEquals(theirs.valueSchema().doc(), ours.valueSchema().doc());
        assertEquals("t", ((Struct) ours.value()).get("t"));
        assertEquals(((Struct) theirs.value()).get("t"), ((Struct) ours.value()).get("t"));
        // Flatten makes the row required too, and so does FieldMapper's flatten: the same there
        Case flat = flattenCase("an optional row", Map.of("flatten", "true"), flatten("delimiter", "_"));
        Differential.assertSameRecord(apply(flat.kafkaChain(), row), apply(flat.fieldMapper(), row), flat.label());
    }

    /** Schemaless: InsertField overwrites a key the row has (its value lost); FieldMapper fails the record naming the key. */
    @Test
    void differenceByDesignSchemalessInsertOntoAnExistingKeyFails() {
        SinkRecord row = schemalessRecords(rowsWithoutNullDefaults()).get(0);
        Case onto = insert("onto an existing key", "name:$topic", "topic.field", "name");
        Map<?, ?> theirs = (Map<?, ?>) apply(onto.kafkaChain(), row).value();
        assertEquals("shop.items", theirs.get("name"), "InsertField: overwritten");
        DataException e = assertThrows(DataException.class, () -> apply(onto.fieldMapper(), row));
        assertTrue(e.getMessage().contains("'name'") && e.getMessage().contains("$topic"), e.getMessage());
        assertFalse(e.getMessage().contains("mug"), "the message names, never values");
    }

    /**
     * A source record has no offset: InsertField's offset.field rejects it, FieldMapper's $offset is
     * null. A missing partition or timestamp is a null field in a Struct row for both, but in a
     * schemaless row InsertField adds no key and FieldMapper a null one (its inserted keys are
     * there in every row).
     */
    @Test
    void differenceByDesignASourceRecordsMissingMetadata() {
        Schema s = SchemaBuilder.struct().name("r").field("a", Schema.INT32_SCHEMA).build();
        SourceRecord structRow = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, s, new Struct(s).put("a", 1));
        SourceRecord mapRow = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, null, new HashMap<>(Map.of("a", 1)));
        for (SourceRecord r : List.of(structRow, mapRow)) {
            assertThrows(DataException.class, () -> sourceInsertField("offset.field", "o").apply(r), "InsertField");
            Object o = sourceFieldMapper("o:$offset").apply(r).value();
            assertNull(o instanceof Struct ? ((Struct) o).get("o") : ((Map<?, ?>) o).get("o"), "FieldMapper: null");
        }
        for (String[] c : List.of(new String[]{"partition.field", "p", "p:$partition"},
                new String[]{"timestamp.field", "ts", "ts:$timestamp"})) {
            Differential.assertSameRecord(sourceInsertField(c[0], c[1]).apply(structRow),
                    sourceFieldMapper(c[2]).apply(structRow), c[1] + ", a Struct row");
            Map<?, ?> theirs = (Map<?, ?>) sourceInsertField(c[0], c[1]).apply(mapRow).value();
            Map<?, ?> ours = (Map<?, ?>) sourceFieldMapper(c[2]).apply(mapRow).value();
            assertFalse(theirs.containsKey(c[1]), "InsertField: no key");
            assertTrue(ours.containsKey(c[1]) && ours.get(c[1]) == null, "FieldMapper: a null key");
            assertEquals(Map.of("a", 1), theirs);
        }
    }

    private static Transformation<SourceRecord> sourceInsertField(String key, String field) {
        InsertField.Value<SourceRecord> t = new InsertField.Value<>();
        t.configure(Map.of(key, field));
        return t;
    }

    private static Transformation<SourceRecord> sourceFieldMapper(String insert) {
        FieldMapper.Value<SourceRecord> t = new FieldMapper.Value<>();
        t.configure(Map.of("insert", insert));
        return t;
    }

    /** Flatten's default delimiter is '.'; FieldMapper's flatten.delimiter default is '_' (a dot would read as a path). */
    @Test
    void differenceByDesignFlattenDelimiterDefaults() {
        SinkRecord row = records(rowsWithoutNullDefaults()).get(0);
        SinkRecord theirs = apply(flatten().create(), row);
        SinkRecord ours = apply(fieldMapper(Map.of("flatten", "true")), row);
        assertEquals("Lyon", ((Struct) theirs.value()).get("address.city"), "Flatten: address.city");
        assertNull(ours.valueSchema().field("address.city"));
        assertEquals("Lyon", ((Struct) ours.value()).get("address_city"), "FieldMapper: address_city");
        List<Field> t = theirs.valueSchema().fields();
        List<Field> o = ours.valueSchema().fields();
        assertEquals(t.size(), o.size());
        for (int k = 0; k < t.size(); k++) {
            assertEquals(t.get(k).name().replace('.', '_'), o.get(k).name(), "the same names but the delimiter");
            assertEquals(t.get(k).schema(), o.get(k).schema());
        }
    }

    /**
     * A stored null in a field with a default: Kafka's Flatten reads the default (Struct.get), and has
     * no replace.null.with.default to turn that off; FieldMapper keeps the null, as all its steps do.
     */
    @Test
    void differenceByDesignFlattenKeepsAStoredNullWhereKafkaReadsTheDefault() {
        SinkRecord row = records(allRows()).get(3);
        assertNull(((Struct) row.value()).getWithoutDefault("level"));
        Case c = flattenCases().findFirst().orElseThrow();
        Struct theirs = (Struct) apply(c.kafkaChain(), row).value();
        Struct ours = (Struct) apply(c.fieldMapper(), row).value();
        assertEquals(theirs.schema(), ours.schema(), "same schema");
        assertEquals(1, theirs.getWithoutDefault("level"), "Flatten: the default");
        assertNull(ours.getWithoutDefault("level"), "FieldMapper: the null");
        for (Field f : theirs.schema().fields()) {
            if (!f.name().equals("level")) {
                assertTrue(Objects.deepEquals(theirs.getWithoutDefault(f.name()),
                        ours.getWithoutDefault(f.name())), f.name());
            }
        }
    }

    /** Schemaless: Kafka's Flatten rejects a BigDecimal or Date value (no Connect type); FieldMapper keeps it as a leaf. */
    @Test
    void differenceByDesignSchemalessFlattenKeepsDecimalAndDateLeaves() {
        BigDecimal price = new BigDecimal("12.50");
        Date at = new Date(1_714_000_000_000L);
        Case c = flattenCases().findFirst().orElseThrow();
        for (Object leaf : List.of(price, at)) {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("leaf", leaf);
            nested.put("n", 1);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("id", 1);
            value.put("top", leaf);
            value.put("inner", nested);
            SinkRecord row = Envelopes.record("t", null, null, null, value, 0);
            assertThrows(DataException.class, () -> apply(c.kafkaChain(), row), "Flatten rejects " + leaf.getClass());
            Map<?, ?> ours = (Map<?, ?>) apply(c.fieldMapper(), row).value();
            assertEquals(Map.of("id", 1, "top", leaf, "inner.leaf", leaf, "inner.n", 1), ours);
        }
    }

    /** A MAP field of a schema: Kafka's Flatten rejects it; FieldMapper keeps it as a leaf, as it keeps an array. */
    @Test
    void differenceByDesignFlattenKeepsAMapFieldAsALeaf() {
        Schema s = SchemaBuilder.struct().name("r").field("id", Schema.INT32_SCHEMA)
                .field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
                .field("inner", SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build()).build();
        Struct v = new Struct(s).put("id", 1).put("m", Map.of("k", 1))
                .put("inner", new Struct(s.field("inner").schema()).put("x", 2));
        SinkRecord row = Envelopes.record("t", null, null, s, v, 0);
        Case c = flattenCases().findFirst().orElseThrow();
        assertThrows(DataException.class, () -> apply(c.kafkaChain(), row), "Flatten: no MAP");
        Struct ours = (Struct) apply(c.fieldMapper(), row).value();
        assertEquals(Map.of("k", 1), ours.get("m"));
        assertEquals(s.field("m").schema(), ours.schema().field("m").schema());
        assertEquals(2, ours.get("inner.x"));
    }

    /**
     * A value that is no row (a string, a list): Kafka's InsertField and Flatten reject it;
     * FieldMapper passes a record it is not meant for through unchanged.
     */
    @Test
    void differenceByDesignAValueThatIsNoRowPassesUnchanged() {
        List<SinkRecord> noRows = List.of(Envelopes.record("t", null, null, Schema.STRING_SCHEMA, "text", 0),
                Envelopes.record("t", null, null, null, "text", 1),
                Envelopes.record("t", null, null, null, List.of(1, 2), 2));
        for (Case c : List.of(insert("topic", "t:$topic", "topic.field", "t"), flattenCases().findFirst().orElseThrow())) {
            for (SinkRecord r : noRows) {
                assertThrows(DataException.class, () -> apply(c.kafkaChain(), r), c.label());
                Differential.assertSameRecord(r, apply(c.fieldMapper(), r), c.label() + ": unchanged");
            }
        }
    }

}
