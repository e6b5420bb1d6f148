package io.cdckit.bench;

import io.cdckit.smt.time.TimestampNormalizer;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/** The implementations {@link TimestampBenchmark} compares, by the name used in its {@code impl} parameter. */
public enum TimestampImpl {

    /** {@code io.cdckit.smt.time.TimestampNormalizer$Value}: every listed column in one transform. */
    CDCKIT("cdckit"),

    /** One Kafka {@code TimestampConverter$Value} per column, chained as a connector chains them. */
    KAFKA("kafka"),

    /** Returns its input: the floor of the harness (loop, blackhole), for reference. */
    BASELINE("baseline");

    public final String label;

    TimestampImpl(String label) {
        this.label = label;
    }

    /** A new, configured instance for {@code scenario}. */
    public Transformation<SinkRecord> create(TimestampScenario scenario) {
        switch (this) {
            case CDCKIT:
                TimestampNormalizer.Value<SinkRecord> normalizer = new TimestampNormalizer.Value<>();
                normalizer.configure(scenario.normalizerConfig());
                return normalizer;
            case KAFKA:
                Transformation<SinkRecord> chain = null;
                for (MappingScenario.KafkaStep step : scenario.kafkaChain()) {
                    Transformation<SinkRecord> next = step.create();
                    chain = chain == null ? next : new MappingImpl.Chain(chain, next);
                }
                return chain;
            default:
                return Impl.BASELINE.create(Map.of());
        }
    }

    public static TimestampImpl of(String label) {
        for (TimestampImpl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + label + "'");
    }
}
