package io.cdckit.smt.routing.predicates;

import io.cdckit.core.CdckitVersion;
import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.transform.CdcTransform;
import io.cdckit.smt.routing.expr.ExpressionException;
import io.cdckit.smt.routing.expr.ExpressionKeys;
import io.cdckit.smt.routing.expr.RecordExpression;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.Map;

/**
 * A predicate true for the records a Groovy {@code expression} is true for, with the variables and
 * the sandbox of {@code ExpressionFilter} ({@code key}, {@code value}, {@code topic}, {@code header},
 * {@code op}, ...): usable as {@code predicates.*} for any transform ({@code value.after?.tier == 'gold'}
 * to mask only some rows, Kafka's own {@code Filter} to drop what it matches). Every record is
 * evaluated, tombstones too ({@code value} null). The expression must give a boolean; anything else,
 * or a failure, is a data error naming the predicate, the expression and where the record is, never
 * its values.
 *
 * @param <R> the record type
 */
public class ExpressionMatches<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

    public static final String EXPRESSION = "expression";

    public static final ConfigDef CONFIG_DEF = ConfigKeys.define()
            .with(keys -> ExpressionKeys.expression(keys, EXPRESSION, RecordExpression.NAMES, "A Groovy expression "
                    + "giving a boolean: the predicate's answer. Variables: key, value, keySchema, valueSchema, topic, "
                    + "header (header.<name>.value), and op, before, after, source of a change event (null for other "
                    + "records)."))
            .with(ExpressionKeys::declare)
            .build();

    private RecordExpression expression;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> props) {
        TransformConfig config = new TransformConfig(CONFIG_DEF, props);
        try {
            expression = RecordExpression.compile(config.getString(EXPRESSION),
                    ExpressionKeys.settings(config, "ExpressionMatches"), config.schemaCacheSize());
        } catch (IllegalArgumentException e) {
            throw config.invalid(EXPRESSION, e.getMessage());
        }
    }

    @Override
    public boolean test(R record) {
        Object result;
        try {
            result = expression.evaluate(record);
        } catch (ExpressionException e) {
            throw error(record, "failed: " + e.getMessage(), e);
        }
        if (result instanceof Boolean b) {
            return b;
        }
        throw error(record, "gave " + (result == null ? "null" : "a " + result.getClass().getName())
                + ", not a boolean", null);
    }

    private DataException error(R record, String problem, Throwable cause) {
        return new DataException(CdcTransform.message("ExpressionMatches", record, null,
                "the expression '" + expression.text() + "' " + problem), cause);
    }

    @Override
    public String version() {
        return CdckitVersion.VERSION;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "ExpressionMatches";
    }
}
