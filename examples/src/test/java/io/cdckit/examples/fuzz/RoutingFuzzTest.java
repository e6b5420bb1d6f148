package io.cdckit.examples.fuzz;

import io.cdckit.smt.routing.ComputeField;
import io.cdckit.smt.routing.ExpressionFilter;
import io.cdckit.smt.routing.ExpressionRouter;
import io.cdckit.smt.routing.OperationFilter;
import io.cdckit.smt.routing.OperationRouter;
import io.cdckit.smt.routing.OutboxRouter;
import io.cdckit.smt.routing.predicates.ExpressionMatches;
import io.cdckit.smt.routing.predicates.OperationIs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the routing plugins: {@link OperationRouter} (a topic per op), {@link OperationFilter} (creates
 * and updates kept), {@link OutboxRouter} (Debezium's defaults), {@link ExpressionFilter} (updates kept),
 * {@link ExpressionRouter} (deletes to their own topic), {@link ComputeField} (a text and a number from
 * each row) and the predicates {@link OperationIs} and {@link ExpressionMatches}, each counted as the
 * records that Kafka's {@code Filter} with {@code negate=true} keeps.
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

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void expressionRouter(@ForAll("batches") List<Gen.Sample> batch) {
        ExpressionRouter<SinkRecord> t = new ExpressionRouter<>();
        t.configure(Map.of("language", "jsr223.groovy", "topic.expression", "op == 'd' ? topic + '.deletes' : null"));
        run("ExpressionRouter", batch, s -> Outcomes.transform(t, false, (in, out) -> {
            if (out.value() != in.value() || out.key() != in.key()) {
                throw new AssertionError("ExpressionRouter: the key or value changed");
            }
            if (!out.topic().equals(in.topic()) && !out.topic().equals(in.topic() + ".deletes")) {
                throw new AssertionError("ExpressionRouter: a topic the expression does not give");
            }
            if (s.valid() && validEnvelope(in) instanceof String op && op.equals("d") == out.topic().equals(in.topic())) {
                throw new AssertionError("ExpressionRouter: a valid envelope of op '" + op + "' went to the wrong topic");
            }
        }).run(s));
        t.close();
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void computeField(@ForAll("batches") List<Gen.Sample> batch) {
        ComputeField.Value<SinkRecord> t = new ComputeField.Value<>();
        t.configure(Map.of("fields", "label:string:topic + ':' + id, twice:int64:id * 2"));
        run("ComputeField", batch, Outcomes.transform(t, false, (in, out) -> {
            if (out == in) {
                return;
            }
            Map<String, Object> before = Rows.images(in.value());
            Rows.images(out.value()).forEach((image, row) -> {
                Object id = Rows.get(before.get(image), "id");
                long twice;
                if (id instanceof Integer i) {
                    twice = i * 2; // Groovy multiplies two ints as ints
                } else if (id instanceof Long l) {
                    twice = l * 2;
                } else {
                    return;
                }
                if (!Rows.same(in.topic() + ":" + id, Rows.get(row, "label"))
                        || !Rows.same(twice, Rows.get(row, "twice"))) {
                    throw new AssertionError("ComputeField: a computed field of the " + image + " row is wrong");
                }
            });
        }));
        t.close();
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void operationIs(@ForAll("batches") List<Gen.Sample> batch) {
        OperationIs<SinkRecord> p = new OperationIs<>();
        p.configure(Map.of("ops", "c,u"));
        run("OperationIs", batch, filter(kept(p), Set.of("c", "u")));
        p.close();
    }

    @Property(tries = Fuzz.TRIES, shrinking = ShrinkingMode.OFF)
    void expressionMatches(@ForAll("batches") List<Gen.Sample> batch) {
        ExpressionMatches<SinkRecord> p = new ExpressionMatches<>();
        p.configure(Map.of("expression", "op == 'u'"));
        run("ExpressionMatches", batch, filter(kept(p), Set.of("u")));
        p.close();
    }

    /** The records Kafka's {@code Filter} with {@code negate=true} and this predicate keeps. */
    private static org.apache.kafka.connect.transforms.Transformation<SinkRecord> kept(Predicate<SinkRecord> p) {
        return new org.apache.kafka.connect.transforms.Transformation<>() {
            @Override
            public SinkRecord apply(SinkRecord record) {
                return p.test(record) ? record : null;
            }

            @Override
            public org.apache.kafka.common.config.ConfigDef config() {
                return p.config();
            }

            @Override
            public void close() {
            }

            @Override
            public void configure(Map<String, ?> configs) {
            }
        };
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
            if (s.valid() && validEnvelope(in) instanceof String op && (out != null) != kept.contains(op)) {
                throw new AssertionError("filter: a valid envelope of op '" + op + "' was " + (out == null ? "dropped"
                        : "kept"));
            }
            return out == null ? Outcomes.Outcome.DROPPED : Outcomes.Outcome.PASS_THROUGH;
        };
    }

    /** The op (a String) of a record whose value is a Debezium envelope without headers, else null. */
    private static Object validEnvelope(SinkRecord in) {
        return in.value() instanceof Struct env && Rows.get(env, "after") != Rows.ABSENT
                && Rows.get(env, "op") instanceof String op && env.schema().name() != null
                && env.schema().name().endsWith(".Envelope") && in.headers().isEmpty() ? op : null;
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
