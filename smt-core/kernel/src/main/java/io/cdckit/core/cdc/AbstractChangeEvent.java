package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;

/**
 * What the views read in place have in common: the envelope (a {@link Map}, or a {@link Struct} of
 * a compiled {@link EnvelopeSchema}) and the answers that follow from it. Debezium's schema'd view
 * ({@link StructChangeEvent}) reads by its compiled fields instead.
 */
abstract class AbstractChangeEvent implements ChangeEvent {

    /** The envelope: a Map, or a Struct of {@link #envelope}'s layout. */
    final Object value;
    /** The compiled schema of a Struct envelope; null for a Map. */
    final EnvelopeSchema envelope;

    AbstractChangeEvent(Object value, EnvelopeSchema envelope) {
        this.value = value;
        this.envelope = envelope;
    }

    @Override
    public final boolean isSchemaless() {
        return envelope == null;
    }

    @Override
    public final Object value() {
        return value;
    }

    @Override
    public final EnvelopeSchema envelopeSchema() {
        return envelope;
    }

    @Override
    public final Schema schema() {
        return envelope == null ? null : ((Struct) value).schema();
    }

    @Override
    public final Schema rowSchema() {
        return envelope == null ? null : envelope.rowSchema();
    }

    @Override
    public final Schema sourceSchema() {
        return envelope == null ? null : envelope.sourceSchema();
    }

    @Override
    public final Operation op() {
        return Operation.fromCode(opCode());
    }

    /** Deliberately leaves out field values: they may hold personal data. */
    @Override
    public String toString() {
        return "ChangeEvent(" + dialect() + ", op=" + op() + (envelope == null ? ", schemaless)"
                : ", schema=" + ((Struct) value).schema().name() + ")");
    }
}
