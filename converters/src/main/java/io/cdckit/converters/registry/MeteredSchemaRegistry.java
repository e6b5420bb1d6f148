package io.cdckit.converters.registry;

import io.cdckit.core.metrics.Counter;
import io.cdckit.core.metrics.PluginStats;

import org.apache.avro.Schema;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A registry client that counts and times its calls into a plugin's metrics: requests (each call,
 * whatever the client answers from its own cache), errors (any exception, refusals included) and
 * the time a call takes, retries and failover included.
 */
public final class MeteredSchemaRegistry implements SchemaRegistry {

    public static final String REQUESTS = "registry-requests-total";
    public static final String ERRORS = "registry-errors-total";
    public static final String TIME_AVG = "registry-request-time-avg-ms";
    public static final String TIME_MAX = "registry-request-time-max-ms";

    private final SchemaRegistry registry;
    private final Meters meters;

    /**
     * The registry metrics of one plugin, registered once in its {@link PluginStats} and kept across
     * the clients of its configurations.
     */
    public static final class Meters {
        private final Counter requests;
        private final Counter errors;
        private final LongAdder nanos = new LongAdder();
        private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

        public Meters(PluginStats stats) {
            this.requests = stats.counter(REQUESTS, "Calls the converter made to its schema registry client.");
            this.errors = stats.counter(ERRORS, "Registry calls that failed (unreachable, refused, not found).");
            stats.gauge(TIME_AVG, "Mean time of a registry call in ms, retries included (NaN before the first).",
                    () -> {
                        long n = requests.get();
                        return n == 0 ? Double.NaN : nanos.sum() / 1e6 / n;
                    });
            stats.gauge(TIME_MAX, "Longest registry call in ms, retries included.", () -> maxNanos.get() / 1e6);
        }
    }

    public MeteredSchemaRegistry(SchemaRegistry registry, Meters meters) {
        this.registry = registry;
        this.meters = meters;
    }

    /** The client it measures. */
    public SchemaRegistry delegate() {
        return registry;
    }

    private <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        meters.requests.increment();
        try {
            return call.get();
        } catch (RuntimeException e) {
            meters.errors.increment();
            throw e;
        } finally {
            long took = System.nanoTime() - start;
            meters.nanos.add(took);
            meters.maxNanos.accumulate(took);
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        return timed(() -> registry.register(subject, schema));
    }

    @Override
    public Schema getById(int id) {
        return timed(() -> registry.getById(id));
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        return timed(() -> registry.lookup(subject, schema));
    }

    @Override
    public List<Integer> versions(String subject) {
        return timed(() -> registry.versions(subject));
    }

    @Override
    public SchemaVersion version(String subject, int version) {
        return timed(() -> registry.version(subject, version));
    }

    @Override
    public SchemaVersion latest(String subject) {
        return timed(() -> registry.latest(subject));
    }

    @Override
    public String compatibility(String subject) {
        return timed(() -> registry.compatibility(subject));
    }

    @Override
    public void setCompatibility(String subject, String level) {
        timed(() -> {
            registry.setCompatibility(subject, level);
            return null;
        });
    }

    @Override
    public void close() {
        registry.close();
    }

    @Override
    public String toString() {
        return registry.toString();
    }
}
