package io.cdckit.core.config;

import io.cdckit.core.path.FieldPath;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigKeysTest {

    /** An option enum needs nothing but its constants: the texts are drop, rewrite-with-tombstone. */
    enum Mode implements ConfigValue {
        DROP, REWRITE_WITH_TOMBSTONE
    }

    /** Texts and aliases of its own where the names do not fit. */
    enum Op implements ConfigValue {
        CREATE;

        @Override
        public String configValue() {
            return "c";
        }

        @Override
        public List<String> configAliases() {
            return List.of("create", "insert");
        }
    }

    private static final ConfigDef DEF = ConfigKeys.define()
            .fieldPaths("fields", "Fields to act on.").required()
            .choice("mode", Mode.class, Mode.DROP, "What to do.")
            .fieldPath("route.by", null, "A field to route by.")
            .regex("topic.regex", null, "Topics.")
            .bool("flag", true, "A flag.")
            .integer("size", 10, 1, 1000, "A size.").importance(ConfigDef.Importance.LOW)
            .string("name", null, "A name.").validator(Validators.nonBlank())
            .list("extras", "Extra things.")
            .password("secret", "A secret.")
            .build();

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void parsesEveryKindOfKey() {
        TransformConfig c = new TransformConfig(DEF, props("fields", "after.email, items[*].sku",
                "mode", "REWRITE-with-tombstone", "route.by", "source.table", "topic.regex", "db\\..*",
                "size", "42", "flag", "false", "name", "n", "secret", "s3cr3t"));
        assertEquals(List.of(FieldPath.parse("after.email"), FieldPath.parse("items[*].sku")), c.getFieldPaths("fields"));
        assertEquals(Mode.REWRITE_WITH_TOMBSTONE, c.getEnum("mode", Mode.class));
        assertEquals(FieldPath.parse("source.table"), c.getFieldPath("route.by"));
        assertTrue(c.getPattern("topic.regex").matcher("db.orders").matches());
        assertEquals(42, c.getInt("size"));
        assertEquals(false, c.getBoolean("flag"));
        assertEquals("s3cr3t", c.getPassword("secret").value());
        assertEquals(List.of(), c.getList("extras"));
    }

    @Test
    void defaultsApply() {
        TransformConfig c = new TransformConfig(DEF, props("fields", "a"));
        assertEquals(Mode.DROP, c.getEnum("mode", Mode.class));
        assertNull(c.getFieldPath("route.by"));
        assertNull(c.getPattern("topic.regex"));
        assertEquals(10, c.getInt("size"));
    }

    @Test
    void missingRequiredKeyIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props()));
        assertTrue(e.getMessage().contains("fields"), e.getMessage());
    }

    @Test
    void emptyRequiredListIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props("fields", "")));
        assertTrue(e.getMessage().contains("fields"), e.getMessage());
        assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    }

    @Test
    void badEnumNamesKeyAndAllowedValues() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("fields", "a", "mode", "explode")));
        assertTrue(e.getMessage().contains("mode"), e.getMessage());
        assertTrue(e.getMessage().contains("explode"), e.getMessage());
        assertTrue(e.getMessage().contains("[drop, rewrite-with-tombstone]"), e.getMessage());
    }

    @Test
    void badFieldPathNamesKeyAndPosition() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("fields", "after..email")));
        assertTrue(e.getMessage().contains("fields"), e.getMessage());
        assertTrue(e.getMessage().contains("after..email"), e.getMessage());
        assertTrue(e.getMessage().contains("position"), e.getMessage());
        ConfigException e2 = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("fields", "a", "route.by", "items[0]")));
        assertTrue(e2.getMessage().contains("route.by"), e2.getMessage());
    }

    @Test
    void badRegexAndRangeAndBlankAreRejected() {
        assertTrue(assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("fields", "a", "topic.regex", "(unclosed")))
                .getMessage().contains("topic.regex"));
        assertTrue(assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("fields", "a", "size", "0")))
                .getMessage().contains("size"));
        assertTrue(assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("fields", "a", "name", "  ")))
                .getMessage().contains("name"));
        assertTrue(assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, props("fields", "a, ,b")))
                .getMessage().contains("empty entry"));
    }

    @Test
    void validateReportsPerKeyErrorsAndRecommendations() {
        // what Connect's REST validate endpoint does with a transform's ConfigDef
        Map<String, org.apache.kafka.common.config.ConfigValue> results = new HashMap<>();
        for (org.apache.kafka.common.config.ConfigValue v : DEF.validate(props("fields", "a", "mode", "nope", "size", "5000"))) {
            results.put(v.name(), v);
        }
        assertTrue(results.get("mode").errorMessages().get(0).contains("must be one of"));
        assertEquals(List.of("drop", "rewrite-with-tombstone"), results.get("mode").recommendedValues());
        assertTrue(results.get("size").errorMessages().get(0).contains("5000"));
        assertTrue(results.get("fields").errorMessages().isEmpty());
    }

    @Test
    void enumDocListsAllowedValues() {
        assertTrue(DEF.configKeys().get("mode").documentation.contains("One of: drop, rewrite-with-tombstone."));
    }

    @Test
    void modifiersMustFollowAKey() {
        assertThrows(IllegalStateException.class, () -> ConfigKeys.define().required());
    }

    @Test
    void commasInsideBackticksBelongToTheName() {
        TransformConfig c = new TransformConfig(DEF, props("fields", "`a,b`.c, d, `x``,y`"));
        assertEquals(List.of(FieldPath.literal("a,b", "c"), FieldPath.parse("d"), FieldPath.literal("x`,y")),
                c.getFieldPaths("fields"));
        assertEquals(3, c.getFieldPaths("fields").size());
        ConfigException e = assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props("fields", "`a,b")));
        assertTrue(e.getMessage().contains("fields"), e.getMessage());
    }

    @Test
    void enumsAcceptTheirTextsAndAliasesInAnyCase() {
        ConfigDef def = ConfigKeys.define().choice("op", Op.class, Op.CREATE, "An op.").build();
        for (String text : new String[]{"c", "CREATE", " insert "}) {
            assertEquals(Op.CREATE, new TransformConfig(def, props("op", text)).getEnum("op", Op.class), text);
        }
        assertEquals("c", def.configKeys().get("op").defaultValue);
        assertTrue(def.configKeys().get("op").documentation.endsWith("One of: c."));
        assertThrows(ConfigException.class, () -> new TransformConfig(def, props("op", "upsert")));
    }

    @Test
    void everyDefinitionHasTheStandardSchemaCacheSize() {
        assertEquals(512, DEF.configKeys().get(ConfigKeys.SCHEMA_CACHE_SIZE).defaultValue);
        assertEquals(512, new TransformConfig(DEF, props("fields", "a")).schemaCacheSize());
        assertEquals(7, new TransformConfig(DEF, props("fields", "a", "schema.cache.size", "7")).schemaCacheSize());
        assertThrows(ConfigException.class, () -> new TransformConfig(DEF, props("fields", "a", "schema.cache.size", "0")));
        ConfigDef own = ConfigKeys.define().integer(ConfigKeys.SCHEMA_CACHE_SIZE, 64, 1, 100, "Its own.").build();
        assertEquals(64, own.configKeys().get(ConfigKeys.SCHEMA_CACHE_SIZE).defaultValue);
    }

    @Test
    void templatesAreCheckedForTheirPlaceholders() {
        ConfigDef def = ConfigKeys.define().template("topic.format", "${topic}", "${topic}, ${op}",
                p -> p.name().equals("topic") || p.name().equals("op"), "The topic.").build();
        assertEquals("${topic}-${op}", new TransformConfig(def, props("topic.format", "${topic}-${op}"))
                .getTemplate("topic.format").text());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> new TransformConfig(def, props("topic.format", "${topic}-${table}")));
        assertTrue(unknown.getMessage().contains("topic.format") && unknown.getMessage().contains("${table}"),
                unknown.getMessage());
        ConfigException syntax = assertThrows(ConfigException.class,
                () -> new TransformConfig(def, props("topic.format", "${topic")));
        assertTrue(syntax.getMessage().contains("position"), syntax.getMessage());
    }

    @Test
    void crossKeyErrorsNameTheKey() {
        TransformConfig c = new TransformConfig(DEF, props("fields", "a", "name", "x"));
        ConfigException e = c.invalid("name", "must be set together with route.by");
        assertTrue(e.getMessage().contains("name") && e.getMessage().contains("route.by"), e.getMessage());
    }
}
