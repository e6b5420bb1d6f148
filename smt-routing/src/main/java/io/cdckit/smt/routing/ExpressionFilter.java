package io.cdckit.smt.routing;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Keeps the records for which a Groovy {@code condition} is true and drops the others: a drop-in
 * for Debezium's {@code io.debezium.transforms.Filter} with the same configuration
 * ({@code language=jsr223.groovy}, {@code condition}, {@code topic.regex}, {@code null.handling.mode})
 * and the same decisions, compiled once at configure time and run in cdckit's sandbox. A true
 * condition keeps the record, as Debezium's code does (its option text says the opposite). The
 * condition must give a boolean; anything else, or a failure of the condition, is a data error
 * naming the transform, the condition and where the record is, never its values.
 *
 * <pre>{@code
 * transforms.keep.type=io.cdckit.smt.routing.ExpressionFilter
 * transforms.keep.condition=value.op != 'r' && value.after?.status == 'active'
 * }</pre>
 *
 * @param <R> the record type
 */
public class ExpressionFilter<R extends ConnectRecord<R>> extends ExpressionTransform<R> {

    public static final String CONDITION = "condition";
    public static final String LANGUAGE = ExpressionTransform.LANGUAGE;
    public static final String TOPIC_REGEX = ExpressionTransform.TOPIC_REGEX;
    public static final String NULL_HANDLING = ExpressionTransform.NULL_HANDLING;

    public static final ConfigDef CONFIG_DEF = definition(CONDITION, "A Groovy expression giving a boolean: true keeps "
            + "the record, false drops it.");

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    String expressionKey() {
        return CONDITION;
    }

    @Override
    protected R decide(R record, Object result) {
        if (result instanceof Boolean keep) {
            return keep ? record : null;
        }
        throw wrongResult(record, result, "a boolean");
    }
}
