package io.cdckit.core.cdc;

import io.cdckit.core.record.RawStructs;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The {@link ChangeEvent} view of an envelope {@link Struct}. It holds nothing but the compiled
 * {@link EnvelopeSchema} and the struct, and reads every field by index on demand. The struct's
 * layout is checked once, by {@link EnvelopeSchema#view(Struct)}, so the reads here do not check
 * it again.
 */
final class StructChangeEvent implements ChangeEvent {

    private final EnvelopeSchema envelope;
    private final Struct value;

    StructChangeEvent(EnvelopeSchema envelope, Struct value) {
        this.envelope = envelope;
        this.value = value;
    }

    @Override
    public Dialect dialect() {
        return envelope.dialect();
    }

    @Override
    public boolean isSchemaless() {
        return false;
    }

    @Override
    public Struct value() {
        return value;
    }

    @Override
    public EnvelopeSchema envelopeSchema() {
        return envelope;
    }

    @Override
    public Schema schema() {
        return value.schema();
    }

    @Override
    public Schema rowSchema() {
        return envelope.rowSchema();
    }

    @Override
    public Schema sourceSchema() {
        return envelope.sourceSchema();
    }

    @Override
    public String opCode() {
        return EnvelopeSchema.getString(value, envelope.opField());
    }

    @Override
    public Operation op() {
        return Operation.fromCode(opCode());
    }

    @Override
    public Object before() {
        return EnvelopeSchema.get(value, envelope.beforeField());
    }

    @Override
    public Object after() {
        return EnvelopeSchema.get(value, envelope.afterField());
    }

    @Override
    public Object row() {
        return envelope.getRow(value);
    }

    @Override
    public Struct source() {
        return EnvelopeSchema.getStruct(value, envelope.sourceField());
    }

    @Override
    public Object sourceField(String name) {
        return EnvelopeSchema.getField(source(), name);
    }

    @Override
    public Object metadata(String block, String name) {
        Schema schema = value.schema();
        if (block == null) {
            Field top = schema.field(name);
            return top == null ? ABSENT : RawStructs.get(value, top);
        }
        Field parent = schema.field(block);
        if (parent == null) {
            return ABSENT;
        }
        Object holder = RawStructs.get(value, parent);
        Field inside = parent.schema().type() == Schema.Type.STRUCT ? parent.schema().field(name) : null;
        if (inside != null) {
            return holder == null ? null : RawStructs.get((Struct) holder, inside);
        }
        Field top = schema.field(name);
        if (top == null) {
            return ABSENT;
        }
        return holder == null ? null : RawStructs.get(value, top);
    }

    @Override
    public Struct transaction() {
        return EnvelopeSchema.getStruct(value, envelope.transactionField());
    }

    @Override
    public Struct message() {
        return EnvelopeSchema.getStruct(value, envelope.messageField());
    }

    @Override
    public Struct updateDescription() {
        return EnvelopeSchema.getStruct(value, envelope.updateDescriptionField());
    }

    @Override
    public Long tsMs() {
        return EnvelopeSchema.getLong(value, envelope.tsMsField());
    }

    @Override
    public Long tsUs() {
        return EnvelopeSchema.getLong(value, envelope.tsUsField());
    }

    @Override
    public Long tsNs() {
        return EnvelopeSchema.getLong(value, envelope.tsNsField());
    }

    @Override
    public String toString() {
        // Deliberately leaves out field values: they may hold personal data.
        return "ChangeEvent(" + envelope.dialect() + ", op=" + op()
                + ", schema=" + value.schema().name() + ")";
    }
}
