package io.cdckit.core.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {

    /** Binds every placeholder to a key of a map context, refusing names starting with "x". */
    private static Template.Renderer<Map<String, Object>> bind(String text) {
        return Template.parse(text).bind(p -> {
            if (p.name().startsWith("x")) {
                throw new IllegalArgumentException("unknown placeholder ${" + p.name() + "}");
            }
            String name = p.name();
            return (Function<Map<String, Object>, Object>) m -> m.get(name);
        });
    }

    @Test
    void rendersNamesDottedNamesAndPositions() {
        Map<String, Object> context = Map.of("topic", "orders", "source.table", "customers", "0", 42);
        assertEquals("orders.customers-42", bind("${topic}.${source.table}-${0}").render(context));
        assertEquals("orders", bind("${topic}").render(context));
        assertEquals("-", bind("${missing}-").render(context), "null renders as empty");
    }

    @Test
    void dollarsAndBracesOutsidePlaceholdersAreLiteral() {
        Map<String, Object> context = Map.of("a", "A");
        assertEquals("${a} $ $1 } {x}", bind("$${a} $ $1 } {x}").render(context), "$$ escapes a placeholder");
        assertEquals("$A", bind("$$${a}").render(context));
        assertEquals("cost: $5", bind("cost: $5").render(context));
    }

    @Test
    void argumentsAreRawTextWithEscapesAndBalancedBraces() {
        Template t = Template.parse("${topic:(.*)_v[0-9]{2}:$1} and ${a:x\\:y:\\}}");
        List<Template.Placeholder> ps = t.placeholders();
        assertEquals(2, ps.size());
        assertEquals("topic", ps.get(0).name());
        assertEquals(List.of("(.*)_v[0-9]{2}", "$1"), ps.get(0).arguments());
        assertEquals(List.of("x:y", "}"), ps.get(1).arguments());
        assertEquals(List.of("pg\\.(\\d+)\\\\", "{"), Template.parse("${topic:pg\\.(\\d+)\\\\\\\\:\\{}")
                .placeholders().get(0).arguments(), "a backslash escapes only : { } and itself; a regex keeps its \\. and \\d");
        assertEquals(0, ps.get(0).position());
        assertTrue(ps.get(0).isUnder("topic"));
        assertTrue(Template.parse("${source.db}").placeholders().get(0).isUnder("source"));
        assertFalse(Template.parse("${sourcedb}").placeholders().get(0).isUnder("source"));
    }

    @Test
    void constantTemplatesRenderTheirTextWithoutWork() {
        Template t = Template.parse("fixed-topic");
        assertTrue(t.isConstant());
        Template.Renderer<Object> r = t.bind(p -> {
            throw new AssertionError("no placeholder to bind");
        });
        assertSame(r.render(null), r.render("anything"));
        assertEquals("", Template.parse("").bind(p -> c -> c).render(null));
    }

    @Test
    void syntaxErrorsGiveThePosition() {
        for (String bad : new String[]{"a-${", "${}", "${a b}", "${a:b", "x${topic"}) {
            TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class, () -> Template.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.position() >= 0 && e.position() <= bad.length(), e.getMessage());
        }
    }

    @Test
    void unknownPlaceholdersFailWhenBound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bind("${topic}-${xyz}"));
        assertTrue(e.getMessage().contains("${xyz}"), e.getMessage());
    }

    @Test
    void placeholdersPrintAsWritten() {
        assertEquals("${topic:a:b}", Template.parse("${topic:a:b}").placeholders().get(0).toString());
        assertEquals("${op}", Template.parse("x${op}").placeholders().get(0).toString());
        assertEquals("x${op}", Template.parse("x${op}").text());
    }
}
