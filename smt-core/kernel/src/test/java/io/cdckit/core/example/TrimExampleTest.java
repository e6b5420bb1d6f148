package io.cdckit.core.example;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.path.FieldOperation;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.MapRewriter;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.path.StructRewriter;
import io.cdckit.core.transform.Side;
import io.cdckit.core.transform.SideTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
                .fieldPaths("fields", "String fields to trim, e.g. after.name, items[*].sku.").required()
                .build();

        private List<FieldPath> fields;
        private MapRewriter schemaless;
        private final PlanCache<Schema, StructRewriter> plans = new PlanCache<>();
        // the compiler is one object, not a new lambda per record
        private final Function<Schema, StructRewriter> compiler = this::compile;

        protected Trim(Side side) {
            super(side);
        }

        @Override
        public ConfigDef config() {
            return CONFIG;
        }

        @Override
        protected void configure(TransformConfig config) {
            fields = config.getFieldPaths("fields");
            MapRewriter.Builder b = MapRewriter.builder(Strictness.LENIENT);
            fields.forEach(f -> b.add(f, FieldOperation.replace(Trim::trim)));
            schemaless = b.build();
        }

        @Override
        @SuppressWarnings("unchecked")
        public R apply(R record) {
            Object data = operatingValue(record);
            if (data instanceof Struct) {
                // compile per schema (cached), apply per record
                StructRewriter plan = plans.get(operatingSchema(record), compiler);
                return newRecord(record, plan.outputSchema(), plan.apply((Struct) data));
            }
            if (data instanceof Map) {
                return newRecord(record, null, schemaless.apply((Map<String, Object>) data));
            }
            return record; // tombstones and other values pass through
        }

        private StructRewriter compile(Schema schema) {
            StructRewriter.Builder b = StructRewriter.builder(schema);
            fields.forEach(f -> b.add(f, Strictness.LENIENT, FieldOperation.replace(Trim::trim)));
            return b.build();
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
    private static final Schema ROW = SchemaBuilder.struct().name("row")
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("items", SchemaBuilder.array(ITEM).build())
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
        String readme = Files.readString(base.resolve("..").resolve("README.md").normalize(), StandardCharsets.UTF_8);
        assertTrue(readme.contains(expected), "README.md's kernel example differs from TrimExampleTest's Trim");
    }

    @Test
    void trimsStructFieldsAndArrayElementsWithoutTouchingTheInput() {
        Struct in = new Struct(ROW).put("name", "  Ada ").put("items",
                List.of(new Struct(ITEM).put("sku", " a1 "), new Struct(ITEM).put("sku", "b2")));
        SourceRecord out = trim("name, items[*].sku").apply(new SourceRecord(null, null, "t", ROW, in));
        Struct v = (Struct) out.value();
        assertSame(ROW, out.valueSchema());
        assertEquals("Ada", v.get("name"));
        assertEquals("a1", ((Struct) v.getArray("items").get(0)).get("sku"));
        assertEquals("  Ada ", in.get("name"));
        assertEquals(" a1 ", ((Struct) in.getArray("items").get(0)).get("sku"));
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
}
