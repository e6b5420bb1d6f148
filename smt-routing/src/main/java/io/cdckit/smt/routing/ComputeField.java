package io.cdckit.smt.routing;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.path.FieldPathException;
import io.cdckit.core.record.Side;
import io.cdckit.core.row.EnvelopeMode;
import io.cdckit.core.row.FieldOperation;
import io.cdckit.core.row.RowContext;
import io.cdckit.core.row.RowPlan;
import io.cdckit.core.row.RowRewrite;
import io.cdckit.core.row.ValueSource;
import io.cdckit.core.transform.SideTransform;
import io.cdckit.smt.routing.expr.Expression;
import io.cdckit.smt.routing.expr.ExpressionException;
import io.cdckit.smt.routing.expr.ExpressionKeys;
import io.cdckit.smt.routing.expr.ExpressionSettings;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.List;
import java.util.Map;

/**
 * Adds (or replaces) row fields computed by Groovy expressions over the row:
 * {@code fields=total:float64:qty * price, full_name:string:first + ' ' + last, is_vip:boolean:tier == 'gold'}.
 * Types: {@code int32}, {@code int64}, {@code float64}, {@code boolean}, {@code string},
 * {@code decimal(p,s)} (rounded half up to scale {@code s}); the fields are optional, a null result
 * is a null field. A result that does not fit the declared type is a data error naming the field.
 *
 * <p>In an expression each name is a field of the input row ({@code qty}); {@code row} is the row
 * itself (for names that are not identifiers: {@code row['unit-price']}) and {@code topic} the
 * record's topic, where the row has no field of that name. A Struct row without a field the
 * expression names is a data error; a schemaless row without that key reads null. Every expression
 * reads the input row, not the fields the others compute. A computed field that replaces an
 * existing one comes after the row's other fields.
 *
 * <p>Row scope ({@code envelope.mode}): before {@code Unwrap} both images of a change event are
 * computed, each from itself; after it, the row. Compiled once at configure time and sandboxed
 * like every cdckit expression ({@code sandbox}, {@code expression.timeout.ms}).
 *
 * @param <R> the record type
 */
public abstract class ComputeField<R extends ConnectRecord<R>> extends SideTransform<R> {

    public static final String FIELDS = "fields";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .string(FIELDS, null, "The fields to compute, as name:type:expression entries separated by commas "
                    + "(commas inside brackets, parentheses and quotes belong to the expression). Types: int32, "
                    + "int64, float64, boolean, string, decimal(p,s). In an expression each name is a field of the "
                    + "row; row is the row and topic the record's topic.")
            .required()
            .validator(Validators.explained("a list of name:type:expression", v -> problem(v.toString())))
            .rule(values -> {
                String text = values.string(FIELDS);
                return text == null || problem(text) != null ? null
                        : compileProblem(text, new ExpressionSettings(values.bool(ExpressionKeys.SANDBOX, true), 0));
            })
            .importance(ConfigDef.Importance.HIGH)
            .with(EnvelopeMode::declare)
            .with(ExpressionKeys::declare)
            .build();

    private RowRewrite rows;

    protected ComputeField(Side side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    private static String problem(String text) {
        try {
            ComputedField.parseList(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String compileProblem(String text, ExpressionSettings settings) {
        for (ComputedField f : ComputedField.parseList(text)) {
            String problem = Expression.problem(f.expression(), null, settings);
            if (problem != null) {
                return "has an expression for '" + f.name() + "' that " + problem;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ config and plan

    @Override
    protected void configure(TransformConfig config) {
        ExpressionSettings settings = ExpressionKeys.settings(config, displayName() + where());
        RowPlan.Builder plan = RowPlan.builder();
        for (ComputedField f : ComputedField.parseList(config.getString(FIELDS))) {
            Expression expression;
            try {
                expression = Expression.compile(f.expression(), null, settings);
            } catch (IllegalArgumentException e) {
                throw config.invalid(FIELDS, "has an expression for '" + f.name() + "' that " + e.getMessage());
            }
            // removed and added again: a field of that name is replaced, whatever its type
            plan.field(f.path(), FieldOperation.remove());
            plan.add(f.path(), f.type().schema(), new Computed(f, expression));
        }
        rows = rowRewrite(FIELDS, plan, config);
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected R transform(R record) {
        return rows.apply(record, side, null);
    }

    /** The value of one computed field, from the row in its context. */
    private static final class Computed implements ValueSource {
        private final ComputedField field;
        private final Expression expression;
        private final Expression.Binder<RowContext> binder;

        Computed(ComputedField field, Expression expression) {
            this.field = field;
            this.expression = expression;
            List<String> names = expression.variables();
            String[] read = names.toArray(new String[0]);
            this.binder = (context, slots) -> {
                for (int i = 0; i < read.length; i++) {
                    slots[i] = variable(context, read[i]);
                }
            };
        }

        @Override
        public Object value(RowContext context) {
            Object result;
            try {
                result = expression.evaluate(binder, context);
            } catch (ExpressionException e) {
                throw new FieldPathException(field.name(), "the expression '" + field.expression() + "' failed: "
                        + e.getMessage(), e);
            }
            try {
                return field.type().convert(result);
            } catch (IllegalArgumentException e) {
                throw new FieldPathException(field.name(), "the expression '" + field.expression() + "' gave a "
                        + "result that does not fit: " + e.getMessage(), null);
            }
        }

        @Override
        public String description() {
            return "computed by '" + field.expression() + "'";
        }

        private Object variable(RowContext context, String name) {
            Object row = context.row();
            if (row instanceof Struct s) {
                Field f = s.schema().field(name);
                if (f != null) {
                    return s.get(f);
                }
            } else if (row instanceof Map<?, ?> m && m.containsKey(name)) {
                return m.get(name);
            }
            if (name.equals("row")) {
                return row;
            }
            if (name.equals("topic")) {
                return context.record() == null ? null : context.record().topic();
            }
            if (row instanceof Struct) {
                throw new FieldPathException(field.name(), "the expression '" + field.expression() + "' reads '"
                        + name + "', which the row does not have", null);
            }
            return null;
        }
    }

    /** ComputeField on the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends ComputeField<R> {
        public Key() {
            super(Side.KEY);
        }
    }

    /** ComputeField on the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends ComputeField<R> {
        public Value() {
            super(Side.VALUE);
        }
    }
}
