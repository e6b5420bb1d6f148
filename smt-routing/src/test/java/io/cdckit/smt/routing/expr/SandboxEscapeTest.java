package io.cdckit.smt.routing.expr;

import io.cdckit.smt.routing.ComputeField;
import io.cdckit.smt.routing.ExpressionFilter;
import io.cdckit.smt.routing.ExpressionRouter;
import io.cdckit.smt.routing.predicates.ExpressionMatches;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every escape from the sandbox we could think of, by category, each through every way an
 * expression is run ({@link #RUNNERS}): each must be refused, at configure time (a compile error
 * naming the construct) or at run time (an {@link ExpressionException} of the sandbox), and must
 * have had no effect: no file made, no process started, no system property set, no thread left, no
 * connection made, the record unchanged.
 */
class SandboxEscapeTest {

    static final String PROPERTY = "cdckit.escape";

    @TempDir
    static Path dir;
    static Path file;
    static ServerSocket server;

    /** The ways an expression runs: each compiles {@code text} (throwing at configure time) and runs it on the record. */
    static final List<Runner> RUNNERS = new ArrayList<>(List.of(
            new Runner("engine", (text, record) -> RecordExpression.compile(text, ExpressionSettings.DEFAULT, 8)
                    .evaluate(record)),
            new Runner("ExpressionFilter", (text, record) -> transform(new ExpressionFilter<>(), "condition", text)
                    .apply(record)),
            new Runner("ExpressionRouter", (text, record) -> transform(new ExpressionRouter<>(), "topic.expression", text)
                    .apply(record)),
            new Runner("ComputeField", (text, record) -> transform(new ComputeField.Value<>(), "fields",
                    "computed:string:" + rowScoped(text)).apply(record)),
            new Runner("ExpressionMatches", (text, record) -> {
                ExpressionMatches<SinkRecord> p = new ExpressionMatches<>();
                p.configure(Map.of("expression", text));
                p.test(record);
            })));

    /**
     * An escape as a row expression: its record variables made of the row (the event's after image, as
     * ComputeField sees it before Unwrap), unless it must come first in the text (imports, packages,
     * annotations). The names a row lacks are refused as such.
     */
    static String rowScoped(String text) {
        return text.startsWith("import") || text.startsWith("package") || text.startsWith("@") ? text
                : "def value = [after: row, op: 'r', source: [:]]; def key = row; def header = [:]; " + text;
    }

    static Transformation<SinkRecord> transform(Transformation<SinkRecord> t, String key, String text) {
        t.configure(Map.of(key, text));
        return t;
    }

    record Runner(String name, java.util.function.BiConsumer<String, SinkRecord> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void listen() throws IOException {
        file = dir.resolve("escaped");
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        server.setSoTimeout(1);
    }

    @AfterAll
    static void close() throws IOException {
        server.close();
    }

    static String fill(String text) {
        return text.replace("FILE", file.toString()).replace("PORT", String.valueOf(server.getLocalPort()));
    }

    /** The escapes: {@code FILE} is a path no expression may create, {@code PORT} a socket none may reach. */
    static Stream<String> escapes() {
        return Stream.of(
                // processes and exit
                "System.exit(0)", "Runtime.getRuntime().exec('touch FILE')", "Runtime.runtime.exec('touch FILE')",
                "'touch FILE'.execute()", "['touch', 'FILE'].execute()", "new ProcessBuilder('touch', 'FILE').start()",
                "'touch FILE'.invokeMethod('execute', null)", "'touch FILE'.\"${'exe' + 'cute'}\"()",
                "def m = 'exe' + 'cute'; 'touch FILE'.\"$m\"()", "['touch FILE']*.execute()",
                "'touch FILE'.&execute", "def m = 'touch FILE'.&execute; m()", "System.&exit",
                "def s = System; s.exit(0)", "java.lang.System.exit(0)", "import static java.lang.System.exit; exit(0)",
                "ProcessHandle.current().destroy()", "\"${'touch FILE'.execute()}\"", "\"${-> 'touch FILE'.execute()}\"",
                "[k: 'touch FILE'].each { k, v -> v.execute() }", "['touch FILE'].inject('') { a, b -> b.execute() }",
                "assert false : 'touch FILE'.execute()", "try { 'touch FILE'.execute() } catch (e) { true }",
                "'touch FILE'.invokeMethod(*['execute', null])",
                // classes, class loaders, reflection
                "Class.forName('java.lang.Runtime')", "value.getClass().forName('java.lang.Runtime')",
                "''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch FILE')",
                "''.class", "''.class.forName('java.lang.Runtime')", "this.class.classLoader", "topic.class.classLoader",
                "value.class", "this.getClass()", "getClass()", "topic.getAt('class').forName('java.lang.Runtime')",
                "topic['class']", "value.after['class']", "topic.\"${'cla' + 'ss'}\"", "[topic]*.class", "[topic]*.getClass()",
                "topic.getProperty('class')", "value.getProperty('class')", "topic.properties", "topic.'class'",
                "value.after.getClass().getClassLoader()", "ClassLoader.getSystemClassLoader()",
                "ClassLoader.systemClassLoader", "Thread.currentThread().getContextClassLoader()",
                "Integer.forName('java.lang.Runtime')", "Integer.getMethod('valueOf', String)",
                "Math.getDeclaredMethods()", "java.lang.reflect.Array.newInstance(Integer, 1)",
                "org.codehaus.groovy.runtime.InvokerHelper.invokeMethod(System, 'exit', 0)",
                "io.cdckit.smt.routing.expr.Guard.var(null, 0)", "Integer.getInteger('user.home')",
                "Boolean.getBoolean('user.home')",
                // metaclasses and Groovy's own escapes
                "String.metaClass.foo = { -> 'touch FILE'.execute() }; 'x'.foo()", "topic.metaClass",
                "topic.getMetaClass()", "''.metaClass.invokeMethod('x', 'execute', null)",
                "ExpandoMetaClass.enableGlobally()", "groovy.lang.GroovySystem.metaClassRegistry",
                "evaluate(\"'touch FILE'.execute()\")", "new GroovyShell().evaluate(\"'touch FILE'.execute()\")",
                "Eval.me(\"'touch FILE'.execute()\")", "new GroovyClassLoader().parseClass('class X {}')",
                "this", "this.binding", "binding.variables", "super.toString()", "{ -> owner }()", "{ -> delegate }()",
                "{ -> getOwner() }()", "def c = { 1 }; c.owner", "def c = { 1 }; c.getThisObject()",
                "def c = { 1 }; c.rehydrate(null, null, null)", "[1].with { getClass() }", "'x'.tap { it.execute() }",
                "value.identity { it.getClass() }", "topic.with { 'touch FILE'.execute() }", "topic.invokeMethod('execute', null)",
                "value.invokeMethod('put', ['op', 'd'])", "println 'x'", "sleep(10000)", "Thread.sleep(10000)",
                "'x'.println()", "'x'.wait()", "use(groovy.time.TimeCategory) { 1 }", "'x'.use(String) { 1 }",
                // AST transformations and definitions
                "@Grab('org.example:nope:1.0') import x.Y; 1", "@Grab('org.example:nope:1.0') def x = 1",
                "@groovy.transform.ASTTest(value = { new File('FILE').createNewFile() }) def x = 1",
                "@groovy.transform.BaseScript(groovy.lang.Script) def s", "@groovy.transform.Field def x = 1; x",
                "import java.io.File; new File('FILE').createNewFile()", "package x; 1",
                "class X { static { new File('FILE').createNewFile() } }; 1", "def f() { 1 }; f()", "interface I {}; 1",
                "new Object() { String toString() { 'x' } }", "enum E { A }; 1", "trait T {}; 1",
                "record R(int a) {}; 1",
                // files
                "new File('FILE').createNewFile()", "new File('FILE').text = 'x'", "'FILE' as File",
                "('FILE' as File).createNewFile()", "(File) 'FILE'", "File f = 'FILE'; f.createNewFile()",
                "java.nio.file.Files.createFile(java.nio.file.Paths.get('FILE'))", "new FileWriter('FILE')",
                "new java.io.FileOutputStream('FILE')", "'FILE'.toURI()", "new File('FILE').withWriter { it << 'x' }",
                "{ File f -> f.createNewFile() }('FILE')",
                // threads
                "Thread.start { new File('FILE').createNewFile() }", "new Thread({ }).start()",
                "Thread.currentThread().interrupt()", "({ -> 1 } as Runnable).run()", "Runnable r = { -> 1 }; r.run()",
                "[run: { 'touch FILE'.execute() }] as Runnable", "java.util.concurrent.Executors.newSingleThreadExecutor()",
                "new Timer().schedule({ } as TimerTask, 1L)", "synchronized (topic) { 1 }",
                // system properties and environment
                "System.setProperty('cdckit.escape', 'yes')", "System.properties.put('cdckit.escape', 'yes')",
                "System.getProperties().put('cdckit.escape', 'yes')", "def p = System.properties; p.put('cdckit.escape', 'yes')",
                "System.getenv()", "System.properties",
                // network
                "new Socket('127.0.0.1', PORT)", "new URL('http://127.0.0.1:PORT/').text",
                "'http://127.0.0.1:PORT/'.toURL().text", "'http://127.0.0.1:PORT/'.toURL().openConnection().connect()",
                "InetAddress.getByName('127.0.0.1')", "new java.net.Socket('127.0.0.1', PORT)",
                // arrays, attributes, fields, method references
                "new int[1000000000]", "new Object[10]", "[1] as Object[]", "(String[]) ['a']", "value.@schema",
                "String::valueOf", "topic.&toUpperCase",
                // changing the record or the bindings
                "value.after.put('id', 99)", "value.put('op', 'd')", "key.put('id', 99)", "value.after.tags.add('x')",
                "value.after.tags.clear()", "value.after.tags << 'x'", "value.after.tags.sort()",
                "value.after.tags.reverse(true)", "value.source = null", "value['op'] = 'd'", "value.op = 'd'",
                "topic = 'x'", "def x = value; x.put('op', 'd')", "value.after.tags.iterator().remove()",
                "value.after.tags.with { it.clear() }", "header.clear()", "value.after.tags[0] = 'x'", "value.op += 'x'",
                "value.after.tags.removeAll { true }", "[1, 2].stream()",
                // sizes and time
                "(1..1000000000).toList()", "(1..1000000000).each { }", "'x' * 1000000000", "[1] * 1000000000",
                "'x'.padLeft(1000000000)", "'x'.repeat(1000000000)", "2G ** 10000000", "1G << 100000000",
                "def s = 'x'; 40.times { s = s + s }; s.size()", "def l = [1]; 40.times { l = l + l }; l.size()",
                "def s = 'x'; 40.times { s = \"$s$s\" }; s.size()", "('a' * 100000).replace('a', 'a' * 100000)",
                "1.0.setScale(1000000000)", "1e1000000000.toPlainString()", "new BigDecimal('1e999999999').toPlainString()",
                "('a'..'zzzzzzzz').size()", "while (true) { }", "for (;;) { }",
                "(1..100000).each { (1..100000).each { } }", "('a' * 40 + 'b') ==~ /(.*a){12}/",
                "('a' * 40 + 'b').matches('(.*a){12}')", "('a' * 40 + 'b').replaceAll('(.*a){12}c', '')",
                "('a' * 40 + 'b') =~ /(.*a){12}c/ ? 1 : 0", "1 + 1e1000000000",
                // Groovy's collector overloads, which add to a collection they are given
                "['z'].collect(value.after.tags) { it }; true", "value.after.tags.collectMany(value.after.tags) { ['y'] }",
                "value.after.tags.collectNested(value.after.tags) { it }", "'ab'.collect(value.after.tags) { it }",
                "[[q: 1]].collectEntries(value.after.tags) { [it, it] }",
                // regex matching outside the timed paths
                "('a' * 40 + 'b') in ~/(.*a){12}/", "!(('a' * 40 + 'b') !in ~/(.*a){12}/)",
                "(~/(.*a){12}/).matcher('a' * 40 + 'b').matches()", "['a' * 40 + 'b'].grep(~/(.*a){12}c/)",
                "('a' * 40 + 'b').find(/(.*a){12}c/)", "('a' * 40 + 'b').findAll(/(.*a){12}c/)",
                "('a' * 40 + 'b').split(/(.*a){12}c/)", "('a' * 40 + 'b').replaceAll(/(.*a){12}c/) { it }",
                "('a' * 40 + 'b').find(/(.*a){12}c/) { it }", "('a' * 40 + 'b') - ~/(.*a){12}c/",
                "(~/(.*a){12}c/).split('a' * 40 + 'b')", "(~/(.*a){12}/).isCase('a' * 40 + 'b')",
                "switch ('a' * 40 + 'b') { case ~/(.*a){12}/: 1; break; default: 0 }",
                "def p = ~/(.*a){12}/; switch ('a' * 40 + 'b') { case p: 1; break; default: 0 }",
                // sizes built from shared parts, or by calls counted only after they ran
                "String.join('', ['x' * 1000000] * 50).size()", "(['x' * 1000000] * 50).toString().size()",
                "('a' * 1000).replace(['a': 'b' * 1000])", "def s = 'x' * 1000000; ([s] * 100000).join()",
                "def l = [1] * 100000; ([l] * 100000).flatten().size()", "def s = 'x' * 1000000; \"${[s] * 100000}\"",
                "def s = 'x' * 1000000; 'a' + [s] * 100000", "def s = 'x' * 1000000; ([s] * 100000).sum()",
                "1e3000000 as BigInteger", "(BigInteger) 1e3000000", "new BigInteger('9' * 900000)",
                "('9' * 900000).toBigInteger()", "('9' * 900000) as BigDecimal",
                // lists that share their parts: small to hold, exponential to walk
                "def a = [1]; for (i in 1..40) { a = [a, a] }; a.hashCode()",
                "def a = [1]; def b = [1]; for (i in 1..40) { a = [a, a]; b = [b, b] }; a == b",
                "def a = [1]; for (i in 1..40) { a = [a, a] }; [(a): 1]", "def a = [1]; for (i in 1..40) { a = [a] + [a] }; a.toSet()",
                "def a = [1]; for (i in 1..40) { a = [a] * 2 }; a in [a]", "def a = [1]; for (i in 1..40) { a = [k: a, v: a] }; a.hashCode()",
                "def a = [1]; for (i in 1..40) { a = [a, a] }; a ==~ /x/", "def a = [1]; for (i in 1..40) { a = [a, a] }; a as String",
                "def a = [1]; for (i in 1..40) { a = List.of(a, a) }; a.hashCode()",
                // searches whose time is the product of two sizes, with no loop to check a deadline
                "def a = 'a' * 1000000; def b = 'a' * 200000 + 'b'; a.indexOf(b)",
                "def l = (1..100000).toList(); l.containsAll(l.reverse())",
                "(~/(.*a){12}c/).split('a' * 40 + 'b', 0)", "(~/(.*a){12}c/).split('a' * 40 + 'b', -1)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void refusedWithoutEffect(String escape) throws Exception {
        String text = fill(escape);
        for (Runner runner : RUNNERS) {
            SinkRecord record = Fixtures.records("shop.products").get(0);
            List<Object> before = SinkRecords.snapshot(record);
            Set<Thread> threads = Thread.getAllStackTraces().keySet();
            long children = ProcessHandle.current().children().count();
            Throwable refusal = null;
            try {
                runner.run().accept(text, record);
            } catch (IllegalArgumentException | org.apache.kafka.common.config.ConfigException configureTime) {
                refusal = configureTime;
                assertTrue(String.valueOf(configureTime.getMessage()).contains("the sandbox refuses")
                        || String.valueOf(configureTime.getMessage()).contains("unknown variable")
                        || String.valueOf(configureTime.getMessage()).contains("is not a valid Groovy expression"),
                        runner + ": " + configureTime.getMessage());
            } catch (org.apache.kafka.connect.errors.DataException runTime) {
                refusal = runTime;
                ExpressionException e = cause(runTime);
                assertTrue(e != null && (e.bySandbox() || e.getMessage().contains("null"))
                        || runner.name().equals("ComputeField") && runTime.getMessage().contains("which the row does not have"),
                        runner + ": " + runTime);
            }
            if (refusal == null) {
                fail(runner + " ran " + escape);
            }
            assertFalse(Files.exists(file), runner + ": a file made by " + escape);
            assertNull(System.getProperty(PROPERTY), runner + ": a property set by " + escape);
            assertEquals(children, ProcessHandle.current().children().count(), runner + ": a process by " + escape);
            assertEquals(Set.of(), newThreads(threads), runner + ": a thread by " + escape);
            assertThrows(SocketTimeoutException.class, () -> server.accept().close(),
                    runner + ": a connection by " + escape);
            assertEquals(before, SinkRecords.snapshot(record), runner + ": the record changed by " + escape);
        }
    }

    @Test
    void everyRunnerIsTried() {
        assertTrue(RUNNERS.size() >= 5);
    }

    static ExpressionException cause(Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof ExpressionException e) {
                return e;
            }
        }
        return null;
    }

    static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> !t.getName().startsWith("ForkJoinPool")).map(Thread::getName).collect(Collectors.toSet());
    }


}
