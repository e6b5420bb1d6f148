package io.cdckit.bench;

import io.cdckit.smt.routing.OperationRouter;
import io.debezium.transforms.ContentBasedRouter;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/** The implementations {@link RoutingBenchmark} compares, by the name used in its {@code impl} parameter. */
public enum RoutingImpl {

    /** {@code io.cdckit.smt.routing.OperationRouter} with the scenario's topic templates. */
    CDCKIT("cdckit"),

    /**
     * Debezium's {@code io.debezium.transforms.ContentBasedRouter} ({@code debezium-scripting} 3.5.0.Final)
     * with the scenario's Groovy expression (Groovy 4.0.28 through JSR-223).
     */
    DEBEZIUM("debezium"),

    /** Returns its input: the floor of the harness (loop, blackhole), for reference. */
    BASELINE("baseline");

    public final String label;

    RoutingImpl(String label) {
        this.label = label;
    }

    /** A new, configured instance for {@code scenario}. */
    public Transformation<SinkRecord> create(RoutingScenario scenario) {
        switch (this) {
            case CDCKIT: {
                OperationRouter<SinkRecord> router = new OperationRouter<>();
                router.configure(scenario.routerConfig);
                return router;
            }
            case DEBEZIUM: {
                ContentBasedRouter<SinkRecord> router = new ContentBasedRouter<>();
                router.configure(scenario.contentBasedRouterConfig());
                return router;
            }
            default:
                return Impl.BASELINE.create(Map.of());
        }
    }

    public static RoutingImpl of(String label) {
        for (RoutingImpl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + label + "'");
    }
}
