package io.cdckit.smt.routing.predicates;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.smt.routing.Operations;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.Map;

/**
 * A predicate true for the records of the listed operations ({@code ops}: c, u, d, r, t, m,
 * tombstone, other), read as {@code op.source} says: usable as {@code predicates.*} for any
 * transform, Kafka's own {@code Filter} included ({@code transforms.drop.predicate=isRead} with
 * {@code predicates.isRead.ops=r} drops a snapshot's reads).
 *
 * @param <R> the record type
 */
public class OperationIs<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

    public static final String OPS = "ops";
    public static final String OP_SOURCE = Operations.OP_SOURCE;

    public static final ConfigDef CONFIG_DEF = Operations.predicateConfig(OPS);

    private Operations.Matcher matcher;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> props) {
        TransformConfig config = new TransformConfig(CONFIG_DEF, props);
        matcher = Operations.matcher(config.getList(OPS), config.getString(OP_SOURCE), config.schemaCacheSize());
    }

    @Override
    public boolean test(R record) {
        return matcher.test(record);
    }

    @Override
    public String version() {
        return CdckitVersion.VERSION;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "OperationIs(" + matcher + ")";
    }
}
