package io.cdckit.smt.routing;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.transform.CdcTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.util.List;

/**
 * Keeps or drops change events by their operation, no scripting: {@code ops.exclude=r} drops a
 * snapshot's reads, {@code ops.include=d,tombstone} keeps only deletes and their tombstones (for
 * an audit topic). The operation is read before {@code Unwrap} from the envelope, after it from the
 * header or field {@code Unwrap} added ({@code op.source}). Dropped records are counted in the
 * {@code records-dropped-total} metric.
 *
 * @param <R> the record type
 */
public class OperationFilter<R extends ConnectRecord<R>> extends CdcTransform<R> {

    public static final String OPS_INCLUDE = "ops.include";
    public static final String OPS_EXCLUDE = "ops.exclude";
    public static final String OP_SOURCE = Operations.OP_SOURCE;

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .list(OPS_INCLUDE, "The operations to keep, every other record is dropped: " + OpSet.TOKENS
                    + ". Empty: ops.exclude decides.")
            .validator(Validators.explained("a list of operations", v -> OpSet.problem((List<?>) v)))
            .importance(ConfigDef.Importance.HIGH)
            .list(OPS_EXCLUDE, "The operations to drop, every other record is kept: " + OpSet.TOKENS + ".")
            .validator(Validators.explained("a list of operations", v -> OpSet.problem((List<?>) v)))
            .rule(values -> !values.list(OPS_INCLUDE).isEmpty() && !values.list(OPS_EXCLUDE).isEmpty()
                    ? "cannot be set together with " + OPS_INCLUDE : null)
            .importance(ConfigDef.Importance.HIGH)
            .with(Operations::declareOpSource)
            .build();

    private OpSet include;
    private OpSet exclude;
    private OpSource source;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    // ------------------------------------------------------------------ config and plan

    @Override
    protected void configure(TransformConfig config) {
        include = OpSet.of(config.getList(OPS_INCLUDE));
        exclude = OpSet.of(config.getList(OPS_EXCLUDE));
        source = OpSource.parse(config.getString(OP_SOURCE), schemaCacheSize());
        measured(source.cache());
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        if (!include.isEmpty()) {
            return include.contains(record, source) ? record : null;
        }
        return exclude.contains(record, source) ? null : record;
    }
}
