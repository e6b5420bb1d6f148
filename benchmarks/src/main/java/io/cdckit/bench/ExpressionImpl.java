package io.cdckit.bench;

import io.cdckit.smt.routing.ExpressionFilter;
import io.cdckit.smt.routing.ExpressionRouter;
import io.debezium.transforms.ContentBasedRouter;
import io.debezium.transforms.Filter;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;
import java.util.function.Predicate;

/** The implementations {@link ExpressionBenchmark} compares, by the name used in its {@code impl} parameter. */
public enum ExpressionImpl {

    /** {@code io.cdckit.smt.routing.ExpressionFilter} or {@code ExpressionRouter} with the scenario's expression. */
    CDCKIT("cdckit"),

    /**
     * Debezium's {@code io.debezium.transforms.Filter} or {@code ContentBasedRouter}
     * ({@code debezium-scripting} 3.5.0.Final) with the same expression (Groovy 4.0.28 through JSR-223).
     */
    DEBEZIUM("debezium"),

    /**
     * A filter's floor: the scenario's hand-written {@link ExpressionScenario#java} test, the record
     * kept when it is true and dropped otherwise, tombstones kept as {@code null.handling.mode=keep}
     * keeps them. No expression, no sandbox, no bindings.
     */
    JAVA("java");

    public final String label;

    ExpressionImpl(String label) {
        this.label = label;
    }

    /** A new, configured instance for {@code scenario}. */
    public Transformation<SinkRecord> create(ExpressionScenario scenario) {
        Transformation<SinkRecord> t;
        switch (this) {
            case CDCKIT:
                t = scenario.filter ? new ExpressionFilter<>() : new ExpressionRouter<>();
                break;
            case DEBEZIUM:
                t = scenario.filter ? new Filter<>() : new ContentBasedRouter<>();
                break;
            default:
                if (scenario.java == null) {
                    throw new IllegalStateException("java is the floor of the filters only, not of " + scenario.label);
                }
                return new JavaFilter(scenario.java);
        }
        t.configure(scenario.config());
        return t;
    }

    public static ExpressionImpl of(String label) {
        for (ExpressionImpl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + label + "'");
    }

    /** {@link #JAVA}. */
    private static final class JavaFilter implements Transformation<SinkRecord> {

        private final Predicate<SinkRecord> keep;

        JavaFilter(Predicate<SinkRecord> keep) {
            this.keep = keep;
        }

        @Override
        public SinkRecord apply(SinkRecord r) {
            return r.value() == null || keep.test(r) ? r : null;
        }

        @Override
        public ConfigDef config() {
            return new ConfigDef();
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }
}
