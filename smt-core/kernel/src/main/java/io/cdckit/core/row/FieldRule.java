package io.cdckit.core.row;

/**
 * Decides, once per matched field, what a {@link RowPlan} does to it: called with each concrete
 * field a registered path or pattern resolves to when a plan is compiled for a schema, and once
 * with the registered path and no schema for schemaless rows.
 *
 * <pre>{@code
 * plan.field(path, field -> field.schema() == null || field.schema().type() == Schema.Type.STRING
 *         ? FieldOperation.replace(Trim::trim) : FieldOperation.keep());
 * }</pre>
 */
@FunctionalInterface
public interface FieldRule {

    /** @return what to do with {@code field}; {@link FieldOperation#keep()} to leave it */
    FieldOperation apply(RowField field);
}
