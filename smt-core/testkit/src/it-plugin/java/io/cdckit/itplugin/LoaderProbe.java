package io.cdckit.itplugin;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.ResolvedPath;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.record.Records;
import io.cdckit.core.record.Side;
import io.cdckit.core.transform.SideTransform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.List;
import java.util.Map;

/**
 * A test-only plugin, compiled by the integration test into a jar that goes only on
 * {@code plugin.path}, never on the test class path. It is built on the kernel (config keys,
 * field paths, plan cache, record helpers) so that the kernel is exercised inside Connect's
 * isolated plugin class loader, and it reports which class loader loaded it.
 *
 * <p>It reads the string at {@code field} and adds two headers: {@code probe.loader} (its class
 * loader) and {@code probe.length} (the string's length). A field that is not a string is a
 * {@code DataException} naming the path.
 */
public abstract class LoaderProbe<R extends ConnectRecord<R>> extends SideTransform<R> {

    static final ConfigDef CONFIG = ConfigKeys.define()
            .fieldPath("field", null, "The string field to measure.").required()
            .string("header.prefix", "probe.", "Prefix of the headers added.")
            .build();

    private FieldPath path;
    private String prefix;
    private PlanCache<Schema, ResolvedPath> plans;

    protected LoaderProbe(Side side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    protected void configure(TransformConfig config) {
        path = config.getFieldPath("field");
        prefix = config.getString("header.prefix");
        plans = planCache(s -> single(s.type() == Schema.Type.STRUCT ? path.resolve(s) : List.of()));
    }

    @Override
    protected R transform(R record) {
        Object data = operatingValue(record);
        if (data == null) {
            return record;
        }
        Schema schema = operatingSchema(record);
        Object value;
        try {
            if (schema != null && data instanceof Struct) {
                value = plans.get(schema).get((Struct) data);
            } else if (data instanceof Map) {
                value = path.get((Map<?, ?>) data, Strictness.STRICT);
            } else {
                throw dataError(record, path.toString(), "expected a struct or a map " + side.label()
                        + ", got " + data.getClass().getSimpleName());
            }
        } catch (FieldPathException e) {
            throw dataError(record, path.toString(), "cannot read the field", e);
        }
        if (!(value instanceof String)) {
            throw dataError(record, path.toString(), "expected a string, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        int length = ((String) value).length();
        String loader = String.valueOf(getClass().getClassLoader());
        return Records.withHeaders(record, h -> h.addString(prefix + "loader", loader)
                .addInt(prefix + "length", length));
    }

    private ResolvedPath single(List<ResolvedPath> paths) {
        if (paths.size() != 1) {
            throw new FieldPathException("field path '" + path + "' must address exactly one field");
        }
        return paths.get(0);
    }

    /** Acts on the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends LoaderProbe<R> {
        public Key() {
            super(Side.KEY);
        }
    }

    /** Acts on the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends LoaderProbe<R> {
        public Value() {
            super(Side.VALUE);
        }
    }
}
