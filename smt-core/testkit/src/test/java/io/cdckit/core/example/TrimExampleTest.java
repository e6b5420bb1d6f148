package io.cdckit.core.example;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.record.Side;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowRewrite;
import io.cdckit.core.transform.SideTransform;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.ProjectFiles;
import io.cdckit.testkit.TransformContract;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel example from README.md ("Writing a transform on the kernel"), compiled and run, so
 * the README's code stays true.
 */
class TrimExampleTest {

    // --- README example start
    public abstract static class Trim<R extends ConnectRecord<R>> extends SideTransform<R> {

        static final ConfigDef CONFIG = ConfigKeys.define()
                .fieldPaths("fields", "String fields to trim, e.g. name, items[*].sku, *_code.").required()
                .with(EnvelopeMode::declare) // envelope.mode: before Unwrap, both row images
                .build();

        private RowRewrite rows;

        protected Trim(Side side) {
            super(side);
        }

        @Override
        public ConfigDef config() {
            return CONFIG;
        }

        @Override
        protected void configure(TransformConfig config) {
            RowPlan.Builder plan = RowPlan.builder();
            for (FieldPath field : config.getFieldPaths("fields")) {
                // decided once per matched field of each schema (no schema: a schemaless row)
                plan.field(field, f -> f.isSchemaless() || f.schema().type() == Schema.Type.STRING
                        ? FieldOperation.replace(Trim::trim) : FieldOperation.keep());
            }
            rows = rowRewrite("fields", plan, config);
        }

        @Override
        protected R transform(R record) {
            // Struct or Map, plain row or change event: compiled per schema, applied per record
            return rows.apply(record, side, null);
        }

        private static Object trim(Object v) {
            return v instanceof String ? ((String) v).trim() : v;
        }

        public static final class Value<R extends ConnectRecord<R>> extends Trim<R> {
            public Value() {
                super(Side.VALUE);
            }
        }
    }
    // --- README example end

    private static final Schema ITEM = SchemaBuilder.struct().name("item").field("sku", Schema.STRING_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("row").optional()
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("items", SchemaBuilder.array(ITEM).build())
            .field("id", Schema.INT32_SCHEMA)
            .build();

    private static Trim.Value<SourceRecord> trim(String fields) {
        Trim.Value<SourceRecord> t = new Trim.Value<>();
        t.configure(Map.of("fields", fields));
        return t;
    }

    @Test
    void readmeShowsExactlyThisCode() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "."));
        String source = Files.readString(
                base.resolve("src/test/java/io/cdckit/core/example/TrimExampleTest.java"), StandardCharsets.UTF_8);
        String start = "// --- README example start";
        String block = source.substring(source.indexOf(start) + start.length(), source.indexOf("// --- README example end"));
        // README shows the class at top level: one indent less, not static
        String expected = block.lines()
                .map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(Collectors.joining("\n"))
                .replace("public abstract static class", "public abstract class")
                .strip();
        String readme = Files.readString(ProjectFiles.readme(), StandardCharsets.UTF_8);
        assertTrue(readme.contains(expected), "README.md's kernel example differs from TrimExampleTest's Trim");
    }

    @Test
    void trimsStructFieldsAndArrayElementsWithoutTouchingTheInput() {
        Struct in = new Struct(ROW).put("name", "  Ada ").put("id", 1).put("items",
                List.of(new Struct(ITEM).put("sku", " a1 "), new Struct(ITEM).put("sku", "b2")));
        SourceRecord out = trim("name, items[*].sku, id").apply(new SourceRecord(null, null, "t", ROW, in));
        Struct v = (Struct) out.value();
        assertSame(ROW, out.valueSchema());
        assertEquals("Ada", v.get("name"));
        assertEquals(1, v.get("id"), "not a string: kept");
        assertEquals("a1", ((Struct) v.getArray("items").get(0)).get("sku"));
        assertEquals("  Ada ", in.get("name"));
        assertEquals(" a1 ", ((Struct) in.getArray("items").get(0)).get("sku"));
    }

    @Test
    void trimsBothImagesOfAChangeEvent() {
        Schema envelope = SchemaBuilder.struct().name("db.public.row.Envelope")
                .field("before", ROW).field("after", ROW).field("op", Schema.STRING_SCHEMA).build();
        Struct before = new Struct(ROW).put("name", " Ada ").put("id", 1).put("items", List.of());
        Struct after = new Struct(ROW).put("name", " Ada L. ").put("id", 1).put("items", List.of());
        Struct in = new Struct(envelope).put("before", before).put("after", after).put("op", "u");
        Struct out = (Struct) trim("name").apply(new SourceRecord(null, null, "t", envelope, in)).value();
        assertEquals("Ada", out.getStruct("before").get("name"));
        assertEquals("Ada L.", out.getStruct("after").get("name"));
        assertEquals("u", out.get("op"));
        assertEquals(envelope.name(), out.schema().name());
    }

    @Test
    void trimsSchemalessMapsAndPassesTombstones() {
        Map<String, Object> in = Map.of("name", " x ", "other", 1);
        SourceRecord out = trim("name, missing").apply(new SourceRecord(null, null, "t", null, in));
        assertEquals(Map.of("name", "x", "other", 1), out.value());
        SourceRecord tomb = new SourceRecord(null, null, "t", null, null);
        assertSame(tomb, trim("name").apply(tomb));
    }

    @Test
    void aBadPathFailsAtConfigure() {
        ConfigException e = assertThrows(ConfigException.class, () -> trim("name[1]"));
        assertTrue(e.getMessage().contains("fields"), e.getMessage());
    }

    /** The example keeps the transform contract of the test kit. */
    @Nested
    class Contract extends TransformContract {

        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new Trim.Value<>();
        }

        @Override
        protected Map<String, String> config() {
            return Map.of("fields", "name, items[*].sku");
        }

        @Override
        protected List<SinkRecord> records() {
            Struct row = new Struct(ROW).put("name", " Ada ").put("id", 1)
                    .put("items", List.of(new Struct(ITEM).put("sku", " a ")));
            Schema envelope = Envelopes.envelopeSchema("shop.public.rows", ROW);
            return List.of(
                    Envelopes.record("rows", null, null, ROW, row, 1),
                    Envelopes.record("rows", null, null, envelope, Envelopes.event(envelope, "u", row, row, 2, true), 2),
                    Envelopes.record("rows", null, null, null, Map.of("name", " x "), 3));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("fields", "items[0]", "envelope.mode", "sometimes");
        }
    }
}
