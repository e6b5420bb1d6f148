package io.cdckit.smt.time;

import io.cdckit.core.path.PathMapping;
import io.cdckit.core.path.SchemaPaths;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowPlans;
import io.cdckit.core.time.TemporalType;

import org.apache.kafka.connect.data.Schema;

import java.util.List;

/**
 * The kernel row plans of a TimestampNormalizer. With {@code fields} listed, one plan for every
 * row: each entry's path or pattern, its operation decided per matched field by
 * {@link Normalization} ({@code $envelope.} entries rewrite the envelope). With {@code fields}
 * empty, a plan per row schema from a walk of it: every field whose schema has a temporal name, at
 * any depth, in structs, arrays and map values; schemaless rows carry no such names and are left
 * as they are.
 */
final class NormalizerPlans implements RowPlans {

    private final Normalization normalization;
    /** Null when the plan depends on the schema (fields empty). */
    private final RowPlan listed;

    private NormalizerPlans(Normalization normalization, RowPlan listed) {
        this.normalization = normalization;
        this.listed = listed;
    }

    /** The plans for these {@code fields} entries (empty: every temporal field). */
    static NormalizerPlans of(Normalization normalization, List<PathMapping> fields) {
        if (fields.isEmpty()) {
            return new NormalizerPlans(normalization, null);
        }
        RowPlan.Builder b = RowPlan.builder();
        for (PathMapping entry : fields) {
            InputUnit unit = entry.hasTarget() ? InputUnit.parse(entry.target()) : null;
            boolean literal = entry.path().isSingleValued();
            b.field(entry.path(), field -> field.isSchemaless()
                    ? normalization.schemaless(field.path().toString(), unit, literal)
                    : normalization.operation(field.path().toString(), field.schema(), unit, literal));
        }
        return new NormalizerPlans(normalization, b.build());
    }

    @Override
    public RowPlan forSchema(Schema rowSchema, Schema envelopeSchema) {
        if (listed != null) {
            return listed;
        }
        RowPlan.Builder b = RowPlan.builder();
        SchemaPaths.forEach(rowSchema, (path, schema) -> {
            if (TemporalType.of(schema) == null) {
                return true;
            }
            FieldOperation op = normalization.operation(path.toString(), schema, null, false);
            if (!op.keeps()) {
                b.field(path, op);
            }
            return false;
        });
        return b.build();
    }

    @Override
    public RowPlan schemaless() {
        return listed != null ? listed : RowPlan.builder().build();
    }
}
