package io.cdckit.core.transform;

import io.cdckit.core.record.Side;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/**
 * The base of transforms that act on either the key or the value, in the style of Kafka's own
 * transforms: the transform is abstract and has two public nested classes,
 * <pre>{@code
 * public abstract class Mask<R extends ConnectRecord<R>> extends SideTransform<R> {
 *     protected Mask(Side side) { super(side); }
 *     public static final class Key<R extends ConnectRecord<R>> extends Mask<R> {
 *         public Key() { super(Side.KEY); }
 *     }
 *     public static final class Value<R extends ConnectRecord<R>> extends Mask<R> {
 *         public Value() { super(Side.VALUE); }
 *     }
 * }
 * }</pre>
 * and users configure {@code Mask$Key} or {@code Mask$Value}.
 *
 * @param <R> the record type
 */
public abstract class SideTransform<R extends ConnectRecord<R>> extends CdcTransform<R> {

    protected final Side side;

    protected SideTransform(Side side) {
        this.side = side;
    }

    public Side side() {
        return side;
    }

    protected Schema operatingSchema(R record) {
        return side.schema(record);
    }

    protected Object operatingValue(R record) {
        return side.value(record);
    }

    protected R newRecord(R record, Schema schema, Object value) {
        return side.with(record, schema, value);
    }
}
