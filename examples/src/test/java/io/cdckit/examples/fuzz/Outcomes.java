package io.cdckit.examples.fuzz;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The three outcomes a plugin may have per fuzzed record, counted per plugin: a correct record (the
 * plugin's own cheap invariant holds, and a valid input gives a valid output), a documented
 * pass-through (the same record back) or drop (null), or a {@link DataException} whose message and
 * causes' messages hold none of the generated values ({@link Gen#MARK_TEXTS}). Anything else is a
 * failure, reported with the plugin and the input's shape (never its values, which are huge).
 */
final class Outcomes {

    enum Outcome { CORRECT, PASS_THROUGH, DROPPED }

    /** A plugin's invariant for a record it returned; throws AssertionError when it does not hold. */
    interface Check {
        void verify(SinkRecord in, SinkRecord out);
    }

    /** One attempt on one sample; returns the outcome or throws what the plugin threw. */
    interface Attempt {
        Outcome run(Gen.Sample s) throws Exception;
    }

    static final class Plugin {
        final String name;
        long correct;
        long passThrough;
        long dropped;
        long refused;
        final Map<String, String> failures = new LinkedHashMap<>();

        Plugin(String name) {
            this.name = name;
        }

        long total() {
            return correct + passThrough + dropped + refused;
        }

        long slowestNanos;
        String slowest = "";

        void run(Gen.Sample s, Attempt a) {
            long start = System.nanoTime();
            try {
                runTimed(s, a);
            } finally {
                long took = System.nanoTime() - start;
                if (took > slowestNanos) {
                    slowestNanos = took;
                    slowest = s.kind();
                }
            }
        }

        private void runTimed(Gen.Sample s, Attempt a) {
            Outcome o;
            try {
                o = a.run(s);
            } catch (DataException e) {
                String leak = leak(e);
                if (leak != null) {
                    fail("value in message: " + leak, s, e);
                } else {
                    refused++;
                }
                return;
            } catch (AssertionError e) {
                fail(e.getMessage(), s, null);
                return;
            } catch (Throwable t) {
                fail(t.getClass().getName(), s, t);
                return;
            }
            switch (o) {
                case CORRECT -> correct++;
                case PASS_THROUGH -> passThrough++;
                default -> dropped++;
            }
        }

        private void fail(String what, Gen.Sample s, Throwable t) {
            String signature = what.length() > 400 ? what.substring(0, 400) : what;
            if (t != null) {
                StackTraceElement[] st = t.getStackTrace();
                signature += " at " + (st.length > 0 ? st[0] : "?");
            }
            if (failures.size() < 20 && !failures.containsKey(signature)) {
                failures.put(signature, s.kind() + "; " + Shape.of(s.record()) + (t == null ? "" : "\n" + trace(t)));
            }
        }

        void assertNoFailures() {
            if (!failures.isEmpty()) {
                StringBuilder b = new StringBuilder(name + ": " + failures.size() + " kinds of failure");
                failures.forEach((k, v) -> b.append("\n- ").append(k).append("\n  input: ").append(v));
                throw new AssertionError(b.toString());
            }
        }
    }

    private final Map<String, Plugin> plugins = new LinkedHashMap<>();

    Plugin plugin(String name) {
        return plugins.computeIfAbsent(name, Plugin::new);
    }

    /** The attempt for a transform: drop allowed if {@code mayDrop}; {@code check} on every record returned. */
    static Attempt transform(Transformation<SinkRecord> t, boolean mayDrop, Check check) {
        return s -> {
            SinkRecord in = s.record();
            SinkRecord out = t.apply(in);
            if (out == null) {
                if (!mayDrop) {
                    throw new AssertionError("dropped a record it never drops");
                }
                return Outcome.DROPPED;
            }
            check.verify(in, out);
            if (out == in) {
                return Outcome.PASS_THROUGH;
            }
            if (s.valid()) {
                validOutput(out);
            }
            return Outcome.CORRECT;
        };
    }

    static void validOutput(ConnectRecord<?> out) {
        try {
            if (out.value() != null) {
                ConnectSchema.validateValue(out.valueSchema(), out.value());
            }
            if (out.key() != null && out.keySchema() != null) {
                ConnectSchema.validateValue(out.keySchema(), out.key());
            }
        } catch (DataException e) {
            throw new AssertionError("a valid input gave an invalid output: " + e.getMessage());
        }
    }

    /** The generated value a message of {@code e} or its causes holds, or null. */
    static String leak(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            for (String mark : Gen.MARK_TEXTS) {
                if (m.contains(mark)) {
                    return c.getClass().getSimpleName() + ": " + (m.length() > 300 ? m.substring(0, 300) + "..." : m);
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static String trace(Throwable t) {
        StringJoiner j = new StringJoiner("\n    ");
        for (Throwable c = t; c != null; c = c.getCause()) {
            j.add(c.getClass().getName() + ": " + clip(String.valueOf(c.getMessage())));
            StackTraceElement[] st = c.getStackTrace();
            for (int i = 0; i < Math.min(8, st.length); i++) {
                j.add("  at " + st[i]);
            }
        }
        return "    " + j;
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Prints the table of outcomes, then asserts no failure and {@code min} records per plugin. */
    void report(String title, long min) {
        plugins.values().forEach(p -> p.failures.forEach((k, v) -> System.out.println("FAILURE " + p.name + ": " + k + "\n  input: " + v)));
        StringBuilder b = new StringBuilder("\n" + title + "\n");
        b.append(String.format("%-22s %10s %13s %9s %14s %10s%n", "plugin", "correct", "pass-through", "dropped",
                "DataException", "total"));
        for (Plugin p : plugins.values()) {
            b.append(String.format("%-22s %10d %13d %9d %14d %10d%n", p.name, p.correct, p.passThrough, p.dropped,
                    p.refused, p.total()));
        }
        for (Plugin p : plugins.values()) {
            b.append(String.format("slowest record of %s: %d ms (%s)%n", p.name, p.slowestNanos / 1_000_000, p.slowest));
        }
        System.out.println(b);
        List<String> problems = new ArrayList<>();
        for (Plugin p : plugins.values()) {
            if (!p.failures.isEmpty()) {
                problems.add(p.name + ": " + p.failures.size() + " kinds of failure");
            }
            if (p.total() < min) {
                problems.add(p.name + ": " + p.total() + " records, fewer than " + min);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("; ", problems));
        }
    }

    /** The shape of a record for a failure report: types, schema names, sizes; no values. */
    static final class Shape {
        private Shape() {
        }

        static String of(ConnectRecord<?> r) {
            StringJoiner h = new StringJoiner(",", "[", "]");
            for (Header x : r.headers()) {
                h.add(x.key() + ":" + of(x.value(), 1));
            }
            return "topic '" + r.topic() + "', key " + schema(r.keySchema(), 2) + " " + of(r.key(), 2) + ", value "
                    + schema(r.valueSchema(), 3) + " " + of(r.value(), 4) + ", headers " + h;
        }

        static String schema(Schema s, int depth) {
            if (s == null) {
                return "(no schema)";
            }
            String base = s.type() + (s.name() == null ? "" : "<" + s.name() + ">") + (s.isOptional() ? "?" : "");
            if (depth <= 0) {
                return base;
            }
            return switch (s.type()) {
                case STRUCT -> {
                    StringJoiner j = new StringJoiner(",", base + "{", "}");
                    for (Field f : s.fields()) {
                        j.add(f.name() + ":" + schema(f.schema(), depth - 1));
                    }
                    yield j.toString();
                }
                case ARRAY -> base + "[" + schema(s.valueSchema(), depth - 1) + "]";
                case MAP -> base + "[" + schema(s.keySchema(), depth - 1) + "->" + schema(s.valueSchema(), depth - 1) + "]";
                default -> base;
            };
        }

        static String of(Object v, int depth) {
            if (v == null) {
                return "null";
            }
            if (v instanceof String s) {
                return "String(" + s.length() + ")";
            }
            if (depth <= 0) {
                return v.getClass().getSimpleName();
            }
            if (v instanceof Struct s) {
                StringJoiner j = new StringJoiner(",", "Struct<" + s.schema().name() + ">{", "}");
                Object[] vals = Raw.values(s);
                for (Field f : s.schema().fields()) {
                    j.add(f.name() + "=" + of(vals[f.index()], depth - 1));
                }
                return j.toString();
            }
            if (v instanceof Map<?, ?> m) {
                StringJoiner j = new StringJoiner(",", "Map{", "}");
                int n = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (n++ > 12) {
                        j.add("...");
                        break;
                    }
                    j.add((e.getKey() instanceof String k ? k : of(e.getKey(), 0)) + "=" + of(e.getValue(), depth - 1));
                }
                return j.toString();
            }
            if (v instanceof List<?> l) {
                return "List(" + l.size() + ")" + (l.isEmpty() ? "" : "[" + of(l.get(0), depth - 1) + ",...]");
            }
            return v.getClass().getSimpleName();
        }
    }
}
