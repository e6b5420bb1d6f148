package io.cdckit.bench;

import io.cdckit.smt.mapping.FieldMapper;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/** The implementations {@link MappingBenchmark} compares, by the name used in its {@code impl} parameter. */
public enum MappingImpl {

    /** {@code io.cdckit.smt.mapping.FieldMapper$Value}: the whole spec in one transform. */
    CDCKIT("cdckit"),

    /** The scenario's chain of Kafka transforms ({@code ReplaceField$Value} then {@code Cast$Value}, ...), as a connector chains them. */
    KAFKA("kafka"),

    /** Returns its input: the floor of the harness (loop, blackhole), for reference. */
    BASELINE("baseline");

    public final String label;

    MappingImpl(String label) {
        this.label = label;
    }

    /** A new, configured instance for {@code scenario}. */
    public Transformation<SinkRecord> create(MappingScenario scenario) {
        switch (this) {
            case CDCKIT:
                FieldMapper.Value<SinkRecord> mapper = new FieldMapper.Value<>();
                mapper.configure(scenario.fieldMapperConfig);
                return mapper;
            case KAFKA:
                Transformation<SinkRecord> chain = null;
                for (MappingScenario.KafkaStep step : scenario.kafkaChain) {
                    Transformation<SinkRecord> next = step.create();
                    chain = chain == null ? next : new Chain(chain, next);
                }
                return chain;
            default:
                return Impl.BASELINE.create(Map.of());
        }
    }

    public static MappingImpl of(String label) {
        for (MappingImpl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown impl '" + label + "'");
    }

    /**
     * Two transforms applied one after the other, as Connect's {@code TransformationChain} does
     * (a null from the first ends the chain).
     */
    static final class Chain implements Transformation<SinkRecord> {
        private final Transformation<SinkRecord> first;
        private final Transformation<SinkRecord> second;

        Chain(Transformation<SinkRecord> first, Transformation<SinkRecord> second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public SinkRecord apply(SinkRecord record) {
            SinkRecord r = first.apply(record);
            return r == null ? null : second.apply(r);
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
            first.close();
            second.close();
        }
    }
}
