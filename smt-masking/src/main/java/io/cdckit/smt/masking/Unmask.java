package io.cdckit.smt.masking;

import io.cdckit.core.record.Side;

import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Gives back the originals of the fields {@link Mask} enciphered with {@code encrypt} and
 * {@code fpe}, for a consumer entitled to the data (a sink): the same configuration keys as Mask,
 * so one map serves both; other modes are not reversible and are left as they are. {@code encrypt}
 * is authenticated (a wrong key or a changed ciphertext fails naming the field; every key of the
 * keyset decrypts, so rotation works); {@code fpe} is not (a wrong key gives plausible values).
 *
 * @param <R> the record type
 */
public abstract class Unmask<R extends ConnectRecord<R>> extends Masking<R> {

    protected Unmask(Side side) {
        super(side, true);
    }

    /** Unmask on the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends Unmask<R> {
        public Key() {
            super(Side.KEY);
        }
    }

    /** Unmask on the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends Unmask<R> {
        public Value() {
            super(Side.VALUE);
        }
    }
}
