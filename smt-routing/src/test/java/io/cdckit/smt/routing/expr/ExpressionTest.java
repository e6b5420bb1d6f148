package io.cdckit.smt.routing.expr;

import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine: bindings, Debezium's property semantics, compile once, one script per thread, deadlines, messages. */
class ExpressionTest {

    static final ExpressionSettings OPEN = new ExpressionSettings(false, 100);

    static Object eval(String text, SinkRecord record) {
        return RecordExpression.compile(text, ExpressionSettings.DEFAULT, 16).evaluate(record);
    }

    static Object open(String text, SinkRecord record) {
        return RecordExpression.compile(text, OPEN, 16).evaluate(record);
    }

    static SinkRecord products(int offset) {
        return Fixtures.records("shop.products").get(offset);
    }

    @Test
    void debeziumsBindingsOnARecord() {
        SinkRecord r = products(6); // an update of product 1
        assertEquals("u", eval("value.op", r));
        assertEquals(1, eval("key.id", r));
        assertSame(r.keySchema(), eval("keySchema", r));
        assertSame(r.valueSchema(), eval("valueSchema", r));
        assertEquals("pg.shop.products", eval("topic", r));
        assertEquals("postgresql", eval("header['__debezium.context.connectorName'].value", r));
        assertEquals("__debezium.context.taskId", eval("header['__debezium.context.taskId'].key", r));
        assertEquals(Schema.Type.STRING, eval("header['__debezium.context.taskId'].schema.type()", r));
        assertNull(eval("header.nothing", r));
        assertEquals(119, eval("value.after.stock", r));
        assertNull(eval("value.before?.stock", r), "no before image without REPLICA IDENTITY FULL");
        assertEquals(List.of("kitchen", "mug", "sale"), eval("value.after.tags", r));
        assertEquals("products", eval("value.source.table", r));
    }

    @Test
    void theLastHeaderOfANameWinsAsInDebezium() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("h", "first");
        headers.addString("h", "second");
        SinkRecord r = new SinkRecord("t", 0, null, null, null, Map.of("a", 1), 0, 0L, TimestampType.CREATE_TIME, headers);
        assertEquals("second", eval("header.h.value", r));
    }

    @Test
    void opBeforeAfterAndSourceOfEnvelopesNullOtherwise() {
        SinkRecord update = products(6);
        assertEquals("u", eval("op", update));
        assertNull(eval("before", update));
        assertEquals(119, eval("after.stock", update));
        assertEquals("cdckit", eval("source.db", update));
        SinkRecord schemaless = Fixtures.schemalessRecords("shop.products").get(6);
        assertEquals("u", eval("op", schemaless));
        assertEquals(119L, ((Number) eval("after.stock", schemaless)).longValue());
        assertEquals("products", eval("source.table", schemaless));
        SinkRecord tombstone = products(10);
        assertNull(eval("op", tombstone));
        SinkRecord heartbeat = Envelopes.record("beats", null, null, Envelopes.HEARTBEAT, Envelopes.heartbeat(5L), 1);
        assertNull(eval("op", heartbeat));
        assertNull(eval("after", heartbeat));
        Map<String, Object> maxwell = Envelopes.maxwell("delete", new java.util.LinkedHashMap<>(Map.of("id", 1)), null);
        assertEquals("d", eval("op", new SinkRecord("t", 0, null, null, null, maxwell, 1L)));
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        SinkRecord plain = new SinkRecord("t", 0, null, null, row, new Struct(row).put("id", 1), 1L);
        assertNull(eval("source", plain), "not an envelope");
        assertEquals(1, eval("value.id", plain));
    }

    @Test
    void structPropertiesAsGroovyReadsThemForDebezium() {
        SinkRecord r = products(0);
        Struct source = ((Struct) r.value()).getStruct("source");
        assertSame(source.schema(), eval("value.source.schema", r), "the Struct's own schema, as Groovy reads it");
        assertSame(source.schema(), eval("value.source['schema']", r));
        assertEquals("shop", eval("value.source.get('schema')", r), "the field");
        assertEquals("pg.shop.products.Envelope", eval("valueSchema.name", r));
        assertEquals("pg.shop.products.Envelope", eval("value.schema().name()", r));
        ExpressionException missing = assertThrows(ExpressionException.class, () -> eval("value.after.nope", r));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        assertEquals(List.of("id", "code"), eval("valueSchema.fields.find { it.name == 'after' }.schema.fields.name.take(2)", r));
        ExpressionException values = assertThrows(ExpressionException.class, () -> eval("value.values", r));
        assertTrue(values.getMessage().contains("values"), values.getMessage());
    }

    @Test
    void mapsListsAndNullSafeNavigation() {
        SinkRecord r = Fixtures.schemalessRecords("shop.products").get(0);
        assertEquals("r", eval("value.op", r));
        assertEquals("P-001", eval("value.after.code", r));
        assertEquals("shop", eval("value.source.schema", r), "a Map's property is its entry, whatever the name");
        assertNull(eval("value.before?.code", r));
        assertThrows(ExpressionException.class, () -> eval("value.before.code", r));
        assertEquals(List.of("KITCHEN", "MUG"), eval("value.after.tags*.toUpperCase()", r));
        assertEquals(2, eval("value.after.tags.size()", r));
        assertEquals("kitchen,mug", eval("value.after.tags.join(',')", r));
        assertEquals(List.of(1, 2), eval("[[a: 1], null, [a: 2]].a", r), "a list's property: each element's, nulls left out");
        assertEquals(true, eval("value.after.tags.any { it.startsWith('m') }", r));
    }

    @Test
    void theLanguageOfTypicalExpressions() {
        SinkRecord r = products(0);
        assertEquals("pg.shop.products-r", eval("\"${topic}-${value.op}\"", r));
        assertEquals(true, eval("topic ==~ /pg\\.shop\\..*/", r));
        assertEquals("products", eval("(topic =~ /pg\\.shop\\.(\\w+)/)[0][1]", r));
        assertEquals("catalog", eval("topic.replaceAll(/pg\\.shop\\.products/, 'catalog')", r));
        assertEquals(true, eval("value.op in ['c', 'r']", r));
        assertEquals("read", eval("[c: 'create', r: 'read'][value.op]", r));
        assertEquals(55, eval("def x = 0; for (i in 1..10) { x += i }; x", r));
        assertEquals(-1, eval("-7 % 3", r));
        assertEquals(new BigDecimal("0.5"), eval("1 / 2", r));
        assertEquals(1024, eval("2 ** 10", r));
        assertEquals(3, eval("(int) 3.7", r));
        assertEquals(new BigDecimal("1.5"), eval("'1.5' as BigDecimal", r));
        assertEquals(2, eval("Math.max(1, 2)", r));
        assertEquals(Integer.MAX_VALUE, eval("Integer.MAX_VALUE", r));
        assertEquals(true, eval("value.after.price instanceof BigDecimal && value.after.price > 1", r));
        assertEquals("big", eval("value.after.views > 1000 ? 'big' : 'small'", r));
        assertEquals("active", eval("value.after.status ?: 'none'", r));
        assertEquals(List.of(2, 4, 6), eval("[1, 2, 3].collect { it * 2 }", r));
        assertEquals(6, eval("def f = { a, b -> a * b }; f(2, 3)", r));
        assertEquals("x", eval("switch (value.op) { case 'r': 'x'; break; default: 'y' }", r));
    }

    @Test
    void compiledOnceOneScriptPerThreadReused() throws Exception {
        Expression a = Expression.compile("value.op == 'd'", RecordExpression.NAMES, ExpressionSettings.DEFAULT);
        Expression b = Expression.compile("value.op == 'd'", RecordExpression.NAMES, ExpressionSettings.DEFAULT);
        assertSame(a.type(), b.type(), "the same text compiles once");
        assertSame(a.script(), a.script(), "one script object per thread, reused");
        ExpressionScript other = CompletableFuture.supplyAsync(a::script).get();
        assertNotSame(a.script(), other, "another thread has its own");
        assertEquals(List.of("value"), a.variables());
        RecordExpression e = RecordExpression.compile("value.op", ExpressionSettings.DEFAULT, 4);
        e.evaluate(products(0));
        assertTrue(java.util.Arrays.stream(a.script().slots).allMatch(java.util.Objects::isNull), "slots emptied after a run");
    }

    @Test
    void theHeaderMapIsMadeOnlyForAnExpressionThatNamesHeader() {
        AtomicInteger reads = new AtomicInteger();
        ConnectHeaders headers = new ConnectHeaders() {
            @Override
            public Iterator<Header> iterator() {
                reads.incrementAndGet();
                return super.iterator();
            }
        };
        headers.addString("x", "1");
        SinkRecord r = new SinkRecord("t", 0, null, null, null, Map.of("op", "c"), 0, 0L, TimestampType.CREATE_TIME,
                headers);
        assertSame(headers, r.headers());
        eval("value.op == 'c' && topic == 't'", r);
        assertEquals(0, reads.get());
        eval("header.x.value == '1'", r);
        assertEquals(1, reads.get());
    }

    @Test
    void aRunPastItsDeadlineFailsEvenWhenTheExpressionCatches() {
        SinkRecord r = products(0);
        for (String loop : List.of("while (true) {}", "for (;;) {}", "def i = 0; while (true) { i++ }",
                "try { while (true) {} } catch (e) { true }", "try { while (true) {} } catch (Throwable t) { true }",
                "(1..100000).each { (1..100000).each { } }", "100000000.times { }",
                "def f; f = { try { f() } catch (Throwable t) { f() } }; f()")) {
            ExpressionException e = assertThrows(ExpressionException.class, () -> eval(loop, r), loop);
            assertTrue(e.getMessage().contains("did not finish within 100 ms") || e.getMessage().contains("stack"),
                    loop + ": " + e.getMessage());
        }
        Expression unlimited = Expression.compile("def i = 0; while (i < 300000) { i++ }; i", RecordExpression.NAMES,
                new ExpressionSettings(true, 0));
        assertEquals(300000, unlimited.evaluate((in, slots) -> { }, null));
    }

    @Test
    void theFirstRunOnAThreadHasLongerForGroovysLinkingAndARunawayStillFails() throws Exception {
        for (String runaway : List.of("while (true) {}", "('a' * 40 + 'b') ==~ /(.*a){12}/")) {
            Expression e = Expression.compile(runaway, RecordExpression.NAMES, new ExpressionSettings(true, 1));
            for (int thread = 0; thread < 2; thread++) {
                CompletableFuture.runAsync(() -> {
                    for (int run = 0; run < 2; run++) {
                        long start = System.nanoTime();
                        ExpressionException x = assertThrows(ExpressionException.class,
                                () -> e.evaluate((in, slots) -> { }, null), runaway);
                        long ms = (System.nanoTime() - start) / 1_000_000;
                        assertTrue(x.getMessage().contains("did not finish within 1 ms"), x.getMessage());
                        if (run == 0) {
                            assertTrue(ms >= Expression.FIRST_RUN_GRACE_MILLIS && ms < 5_000,
                                    runaway + ": the first run on a thread took " + ms + " ms");
                        } else {
                            assertTrue(ms < Expression.FIRST_RUN_GRACE_MILLIS, runaway + ": a later run took " + ms + " ms");
                        }
                    }
                }).get();
            }
        }
    }

    @Test
    void theSandboxsCallsAreDirectCallsNotGroovyCallSites() {
        List<StackTraceElement[]> stacks = new ArrayList<>();
        Map<String, Object> value = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                return Set.of();
            }

            @Override
            public Object get(Object key) {
                stacks.add(new Throwable().getStackTrace());
                return "u";
            }
        };
        for (String text : List.of("value.op == 'u'", "[1].collect { value.op }")) {
            stacks.clear();
            Expression.compile(text, Set.of("value"), ExpressionSettings.DEFAULT)
                    .evaluate((in, slots) -> slots[0] = in, value);
            StackTraceElement[] stack = stacks.get(0);
            int guard = 0;
            while (!stack[guard].getClassName().equals(Guard.class.getName())) {
                guard++;
            }
            assertEquals("property", stack[guard].getMethodName(), text);
            StackTraceElement caller = stack[guard + 1];
            assertTrue(caller.getClassName().startsWith("Expression") && Set.of("run", "doCall")
                    .contains(caller.getMethodName()), text + ": Guard.property called from " + caller);
        }
    }

    @Test
    void errorsOfTheExpressionNameConstructsNotValues() {
        SinkRecord r = Fixtures.records("shop.customers").get(0);
        for (String e : List.of("value.after.email.toInteger()", "value.after.email as Integer", "(int) value.after.name",
                "value.after.email.foo()", "value.after.email.nope", "assert value.after.email == 'x'",
                "value.after.name.charAt(1000)", "value.after.email ==~ value.after.name + '('",
                "topic.\"${value.after.email}\"", "topic.\"${value.after.email}\"()", "value.after.\"${value.after.email}\"",
                "value.\"${value.after.name}\".x", "[value.after.email]*.\"${value.after.name}\"",
                "value.after[value.after.email]", "value.after.get(value.after.email)",
                "value.after.getString(value.after.name)", "value.after.getAt(value.after.email)",
                "topic[value.after.email]", "valueSchema[value.after.name]", "Integer[value.after.email]")) {
            ExpressionException x = assertThrows(ExpressionException.class, () -> eval(e, r), e);
            for (Throwable t = x; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage());
                assertFalse(m.contains("ada@example.com") || m.contains("Ada Lovelace") || m.contains("Lovelace"),
                        e + ": " + m);
            }
        }
    }

    @Test
    void aSchemalessValueCannotBeChangedThroughGroovysCollectorsOrDefaults() {
        Map<String, Object> value = new java.util.HashMap<>(Map.of("op", "c", "after",
                new java.util.HashMap<>(Map.of("id", 1, "tags", new java.util.ArrayList<>(List.of("a"))))));
        SinkRecord r = new SinkRecord("t", 0, null, null, null, value, 0);
        String before = value.toString();
        for (String e : List.of("[q: 1].collectEntries(value) { k, v -> [k, v] }", "value.get('injected', 'x')",
                "value.after.get('injected', 'x')", "['z'].collect(value.after.tags) { it }",
                "[[1]].collectMany(value.after.tags) { it }", "[q: 1].collect(value.after.tags) { k, v -> k }")) {
            ExpressionException x = assertThrows(ExpressionException.class, () -> eval(e, r), e);
            assertTrue(x.bySandbox(), e + ": " + x.getMessage());
            assertEquals(before, value.toString(), e);
        }
        assertEquals(List.of(1, 2), eval("[1, 2].collect { it }", r), "without a collector, collect is allowed");
        assertEquals("x", eval("value.getOrDefault('nothing', 'x')", r));
    }

    @Test
    void withoutTheSandboxPlainGroovyWithTheSameBindings() {
        SinkRecord r = products(0);
        assertEquals("r", open("value.op", r));
        assertEquals("ConnectSchema", open("value.source.schema.getClass().simpleName", r));
        assertEquals("products", open("source.table", r));
        assertEquals(3, open("def l = []; l << 1; l << 2; l.sum()", r));
    }

    @Test
    void syntaxErrorsAndUnknownVariablesAtCompileTime() {
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> Expression.compile("value.op ==", RecordExpression.NAMES, ExpressionSettings.DEFAULT));
        assertTrue(syntax.getMessage().startsWith("is not a valid Groovy expression"), syntax.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Expression.compile("valu.op == 'c'", RecordExpression.NAMES, ExpressionSettings.DEFAULT));
        assertTrue(unknown.getMessage().contains("unknown variable 'valu'"), unknown.getMessage());
    }
}
