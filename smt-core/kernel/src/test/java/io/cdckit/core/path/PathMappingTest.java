package io.cdckit.core.path;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PathMappingTest {

    @Test
    void theTargetIsWhatFollowsTheFirstColonOutsideBackticks() {
        PathMapping m = PathMapping.parse(" address.city : town ");
        assertEquals(FieldPath.parse("address.city"), m.path());
        assertEquals("town", m.target());
        assertEquals("address.city : town", m.entry());

        PathMapping quoted = PathMapping.parse("`a:b`.c:d:e");
        assertEquals(List.of("a:b", "c"), quoted.path().segments().stream().map(FieldPath.Segment::name).toList());
        assertEquals("d:e", quoted.target(), "later colons belong to the target (typed literals: 42:int32)");

        assertEquals(FieldPath.parse("items[*].sku"), PathMapping.parse("items[*].sku:code").path());
    }

    @Test
    void listsSplitAtCommasOutsideBackticks() {
        List<PathMapping> list = PathMapping.parseList("`x,y`:z, a:b");
        assertEquals(2, list.size());
        assertEquals("x,y", list.get(0).path().segments().get(0).name());
        assertEquals("b", list.get(1).target());
        assertEquals(List.of(), PathMapping.parseList("  "));
    }

    @Test
    void commasInsideParenthesesBelongToTheEntry() {
        List<PathMapping> list = PathMapping.parseList("price:decimal(12,2), total:decimal( 8 , 0 ),`a(`:b, c:d");
        assertEquals(List.of("decimal(12,2)", "decimal( 8 , 0 )", "b", "d"),
                list.stream().map(PathMapping::target).toList());
        FieldPathSyntaxException e = assertThrows(FieldPathSyntaxException.class,
                () -> PathMapping.parseList("a:x(y, b:z"));
        assertEquals("'(' without ')'", e.reason());
        assertEquals(3, e.position());
        assertEquals("happy :(", PathMapping.parseList("note:happy :(").get(0).target(), "no comma swallowed: text");
        assertEquals(List.of("9.5:decimal(4,1)", "smile :("),
                PathMapping.parseList("price:9.5:decimal(4,1),note:smile :(").stream().map(PathMapping::target).toList());
    }

    @Test
    void malformedEntriesSayWhatIsWrong() {
        assertEquals("expected path:target", assertThrows(FieldPathSyntaxException.class,
                () -> PathMapping.parse("email")).reason());
        assertEquals("nothing after ':'", assertThrows(FieldPathSyntaxException.class,
                () -> PathMapping.parse("email: ")).reason());
        assertEquals("no field path before ':'", assertThrows(FieldPathSyntaxException.class,
                () -> PathMapping.parse(":mail")).reason());
        assertThrows(FieldPathSyntaxException.class, () -> PathMapping.parse("a..b:c"));
    }

    static final ConfigDef DEF = ConfigKeys.define()
            .pathMappings("rename", "list of path:newName",
                    t -> t.contains(".") ? "the new name must be a name, not a path" : null, "Renames.")
            .build();

    @Test
    void aConfigKeyOfEntriesValidatesBothSidesAndNamesTheEntry() {
        TransformConfig ok = new TransformConfig(DEF, Map.of("rename", "a.b:c, `d,e`:f"));
        assertEquals(List.of("a.b:c", "`d,e`:f"), ok.getPathMappings("rename").stream().map(PathMapping::entry).toList());

        ConfigException target = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, Map.of("rename", "a:b.c")));
        assertEquals("Invalid value [a:b.c] for configuration rename: entry 'a:b.c': the new name must be a name, "
                + "not a path", target.getMessage());
        ConfigException syntax = assertThrows(ConfigException.class,
                () -> new TransformConfig(DEF, Map.of("rename", "a,b:c")));
        assertEquals("Invalid value [a, b:c] for configuration rename: entry 'a' is not path:newName: expected "
                + "path:target (at position 1)", syntax.getMessage());
        assertEquals(List.of(), new TransformConfig(DEF, Map.of()).getPathMappings("rename"));
    }
}
