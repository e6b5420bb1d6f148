package io.cdckit.examples.fuzz;

import io.cdckit.smt.routing.ExpressionFilter;
import io.cdckit.smt.routing.OperationFilter;
import io.cdckit.smt.routing.OperationRouter;
import io.cdckit.smt.routing.OutboxRouter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the routing plugins: {@link OperationRouter} (a topic per op), {@link OperationFilter} (creates
 * and updates kept), {@link OutboxRouter} (Debezium's defaults) and {@link ExpressionFilter} (updates kept).
 */
class RoutingFuzzTest {

    static final Gen GEN = new Gen();
    static final Outcomes OUTCOMES = new Outcomes();

    @Provide
    Arbitrary<List<Gen.Sample>> batches() {
        return Arbitraries.randomValue(r -> GEN.batch(r, Fuzz.BATCH));
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void operationRouter(@ForAll("batches") List<Gen.Sample> batch) {
        OperationRouter<SinkRecord> t = new OperationRouter<>();
        t.configure(Map.of("topic.format", "${topic}.${op}"));
        run("OperationRouter", batch, Outcomes.transform(t, false, (in, out) -> {
            if (out.value() != in.value() || out.key() != in.key()) {
                throw new AssertionError("OperationRouter: the key or value changed");
            }
            if (!out.topic().equals(in.topic()) && !out.topic().startsWith(in.topic() + ".")) {
                throw new AssertionError("OperationRouter: a topic not of the format");
            }
        }));
        t.close();
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void operationFilter(@ForAll("batches") List<Gen.Sample> batch) {
        OperationFilter<SinkRecord> t = new OperationFilter<>();
        t.configure(Map.of("ops.include", "c,u"));
        run("OperationFilter", batch, filter(t, Set.of("c", "u")));
        t.close();
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void expressionFilter(@ForAll("batches") List<Gen.Sample> batch) {
        ExpressionFilter<SinkRecord> t = new ExpressionFilter<>();
        t.configure(Map.of("language", "jsr223.groovy", "condition", "value.op == 'u'"));
        run("ExpressionFilter", batch, filter(t, Set.of("u")));
        t.close();
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void outboxRouter(@ForAll("batches") List<Gen.Sample> batch) {
        OutboxRouter<SinkRecord> t = new OutboxRouter<>();
        t.configure(Map.of());
        run("OutboxRouter", batch, Outcomes.transform(t, true, (in, out) -> {
            if (out == in || !(in.value() instanceof Struct env) || !(Rows.get(env, "after") instanceof Struct row)
                    || !(Rows.get(row, "aggregatetype") instanceof String type) || !in.valueSchema().equals(env.schema())) {
                return;
            }
            if (type.matches("[A-Za-z0-9._-]{1,100}") && !out.topic().equals("outbox.event." + type)) {
                throw new AssertionError("OutboxRouter: not the aggregate type's topic");
            }
            if (!Rows.same(out.value(), Rows.get(row, "payload"))) {
                throw new AssertionError("OutboxRouter: the value is not the payload column");
            }
        }));
        t.close();
    }

    /** A filter keeps records as they are or drops them; a valid envelope is kept iff its op is in {@code kept}. */
    private static Outcomes.Attempt filter(org.apache.kafka.connect.transforms.Transformation<SinkRecord> t,
                                           Set<String> kept) {
        return s -> {
            SinkRecord in = s.record();
            SinkRecord out = t.apply(in);
            if (out != null && out != in) {
                throw new AssertionError("a filter returned another record");
            }
            if (s.valid() && in.value() instanceof Struct env && Rows.get(env, "after") != Rows.ABSENT
                    && Rows.get(env, "op") instanceof String op && env.schema().name() != null
                    && env.schema().name().endsWith(".Envelope") && in.headers().isEmpty()
                    && (out != null) != kept.contains(op)) {
                throw new AssertionError("filter: a valid envelope of op '" + op + "' was " + (out == null ? "dropped"
                        : "kept"));
            }
            return out == null ? Outcomes.Outcome.DROPPED : Outcomes.Outcome.PASS_THROUGH;
        };
    }

    private static void run(String name, List<Gen.Sample> batch, Outcomes.Attempt a) {
        Outcomes.Plugin p = OUTCOMES.plugin(name);
        batch.forEach(s -> p.run(s, a));
        Fuzz.check(p);
    }

    @AfterContainer
    static void report() {
        OUTCOMES.report("RoutingFuzzTest", Fuzz.MIN_RECORDS);
    }
}
