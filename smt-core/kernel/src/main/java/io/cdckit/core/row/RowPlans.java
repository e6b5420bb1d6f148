package io.cdckit.core.row;

import org.apache.kafka.connect.data.Schema;

import java.util.Objects;

/**
 * The plans of a row transform whose rewrite of a Struct row depends on the row's schema: one plan
 * per row schema ({@link #forSchema}, asked when {@link RowRewrite} compiles a value schema, whose
 * form it then caches: once for a plain row's schema, once for both images of an envelope
 * schema), and one for schemaless rows. For what one fixed plan cannot say: a field added per
 * nested leaf the schema happens to have (a flatten), or patterns matched against the names an
 * earlier step of the transform gave.
 */
public interface RowPlans {

    /**
     * The plan for Struct rows of {@code rowSchema}: a plain row's schema, or a change event's image
     * schema (both images of an event with one row schema get one plan). Its {@link RowPlan#ENVELOPE}
     * paths are not used: those of {@link #schemaless()} rewrite envelopes of every kind.
     *
     * @param rowSchema      the row's STRUCT schema
     * @param envelopeSchema the schema of the change-event envelope around the row (what its sources'
     *                       {@link RowContext#envelope()} is), or null for a plain row
     */
    RowPlan forSchema(Schema rowSchema, Schema envelopeSchema);

    /** The plan for schemaless (Map) rows, and the one whose envelope paths apply. */
    RowPlan schemaless();

    /** One plan for every row. */
    static RowPlans of(RowPlan plan) {
        Objects.requireNonNull(plan, "plan");
        return new RowPlans() {
            @Override
            public RowPlan forSchema(Schema rowSchema, Schema envelopeSchema) {
                return plan;
            }

            @Override
            public RowPlan schemaless() {
                return plan;
            }
        };
    }
}
