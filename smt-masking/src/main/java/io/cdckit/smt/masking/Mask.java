package io.cdckit.smt.masking;

import io.cdckit.core.record.Side;

import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Masks the fields a user names, in every place PII hides in a CDC pipeline: nested paths and
 * patterns, array elements, both row images of a change event (row scope, {@code envelope.mode}),
 * the key ({@code Mask$Key}) or the value ({@code Mask$Value}), and the listed headers (Debezium's
 * {@code __debezium.oldkey} Struct header included). Each field's mode ({@code mode},
 * {@code field.modes}): {@code redact}, {@code null}, {@code partial}, {@code hash}, {@code hmac},
 * {@code encrypt}, {@code fpe}; every schema stays valid for the sink (a mode that would change a
 * type fails at plan time unless {@code schema.change=allow}). Secrets are PASSWORD configs; no
 * message or log line holds a value, masked or not. See {@link MaskConfig} for every key.
 *
 * @param <R> the record type
 */
public abstract class Mask<R extends ConnectRecord<R>> extends Masking<R> {

    protected Mask(Side side) {
        super(side, false);
    }

    /** Mask on the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends Mask<R> {
        public Key() {
            super(Side.KEY);
        }
    }

    /** Mask on the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends Mask<R> {
        public Value() {
            super(Side.VALUE);
        }
    }
}
