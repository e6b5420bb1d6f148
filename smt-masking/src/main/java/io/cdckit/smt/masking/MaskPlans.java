package io.cdckit.smt.masking;

import io.cdckit.core.path.FieldPath;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.path.Strictness;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowPlans;

import org.apache.kafka.connect.data.Schema;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The kernel row plans of a Mask or Unmask: one plan for every row, each field's mode decided per
 * matched field by {@link Maskers}. Literal paths a row schema lacks are skipped and reported once
 * per schema ({@code missing.fields=ignore}), or fail the records of that schema ({@code fail}).
 */
final class MaskPlans implements RowPlans {

    private final RowPlan plan;
    private final Map<FieldPath, MaskMode> modes;
    private final Consumer<String> warn;
    private final boolean ignoreMissing;

    /**
     * @param modes  the mode of each path, in configuration order
     * @param unmask Unmask's plans: the reverse of the reversible modes
     * @param warn   where a missing field is reported (ignore mode)
     */
    MaskPlans(Map<FieldPath, MaskMode> modes, Maskers maskers, boolean unmask, MissingFields missing,
              Consumer<String> warn) {
        this.modes = modes;
        this.warn = warn;
        this.ignoreMissing = missing == MissingFields.IGNORE;
        RowPlan.Builder b = RowPlan.builder()
                .strictness(missing == MissingFields.FAIL ? Strictness.STRICT : Strictness.LENIENT);
        modes.forEach((path, mode) -> {
            boolean literal = !path.hasPattern(); // items[*].ssn names a field: it must be masked or fail
            b.field(path, field -> field.isSchemaless() ? maskers.schemaless(mode, unmask)
                    : maskers.operation(field.path().toString(), field.schema(), mode, literal, unmask));
        });
        this.plan = b.build();
    }

    @Override
    public RowPlan forSchema(Schema rowSchema, Schema envelopeSchema) {
        if (ignoreMissing) {
            for (FieldPath path : modes.keySet()) {
                if (!path.hasPattern() && !path.startsWith(RowPlan.ENVELOPE) && missing(path, rowSchema)) {
                    warn.accept("field '" + path + "' is not in row schema '" + rowSchema.name() + "': skipped");
                }
            }
        }
        return plan;
    }

    private static boolean missing(FieldPath path, Schema rowSchema) {
        try {
            return path.resolve(rowSchema, Strictness.LENIENT).isEmpty();
        } catch (FieldPathException e) {
            return true; // a name below a field that is no struct: the kernel reports that itself
        }
    }

    @Override
    public RowPlan schemaless() {
        return plan;
    }
}
