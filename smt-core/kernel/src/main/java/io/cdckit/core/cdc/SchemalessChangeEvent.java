package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Schema;

import java.util.Map;

/** What the views of schemaless change events have in common: a Map value and no schemas. */
abstract class SchemalessChangeEvent implements ChangeEvent {

    final Map<?, ?> value;

    SchemalessChangeEvent(Map<?, ?> value) {
        this.value = value;
    }

    @Override
    public final boolean isSchemaless() {
        return true;
    }

    @Override
    public final Map<?, ?> value() {
        return value;
    }

    @Override
    public final EnvelopeSchema envelopeSchema() {
        return null;
    }

    @Override
    public final Schema schema() {
        return null;
    }

    @Override
    public final Schema rowSchema() {
        return null;
    }

    @Override
    public final Schema sourceSchema() {
        return null;
    }

    @Override
    public final Operation op() {
        return Operation.fromCode(opCode());
    }

    /** Deliberately leaves out field values: they may hold personal data. */
    @Override
    public String toString() {
        return "ChangeEvent(" + dialect() + ", op=" + op() + ", schemaless)";
    }
}
