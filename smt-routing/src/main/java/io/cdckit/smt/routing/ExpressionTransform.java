package io.cdckit.smt.routing;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigValue;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.config.Validators;
import io.cdckit.core.transform.CdcTransform;
import io.cdckit.smt.routing.expr.ExpressionException;
import io.cdckit.smt.routing.expr.ExpressionKeys;
import io.cdckit.smt.routing.expr.RecordExpression;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@link ExpressionFilter} and {@link ExpressionRouter} share, as Debezium's scripting SMTs
 * share it: the keys {@value #LANGUAGE}, {@value #TOPIC_REGEX} (records of other topics pass
 * unevaluated) and {@value #NULL_HANDLING} (what happens to a record with a null value: kept,
 * dropped, or evaluated), the expression compiled at configure time ({@link RecordExpression}), and
 * an expression's failure as a data error naming the transform, the key, the expression and where
 * the record is, never its values.
 *
 * @param <R> the record type
 */
abstract class ExpressionTransform<R extends ConnectRecord<R>> extends CdcTransform<R> {

    static final String LANGUAGE = "language";
    static final String TOPIC_REGEX = "topic.regex";
    static final String NULL_HANDLING = "null.handling.mode";
    static final String GROOVY = "jsr223.groovy";

    /** What happens to a record whose value is null (a tombstone). */
    enum NullHandling implements ConfigValue {
        KEEP, DROP, EVALUATE
    }

    private String key;
    private RecordExpression expression;
    private Pattern topics;
    private NullHandling nulls;

    /** The definition of a transform whose expression is {@code key}. */
    static ConfigDef definition(String key, String doc) {
        return ConfigKeys.define()
                .string(LANGUAGE, GROOVY, "The expression language: " + GROOVY + " (as Debezium's scripting SMTs name "
                        + "Groovy) or groovy. cdckit compiles the expression once, at configure time; other JSR-223 "
                        + "languages are not supported.")
                .validator(Validators.explained(GROOVY + " or groovy", v -> isGroovy(v.toString()) ? null
                        : "must be " + GROOVY + " or groovy: cdckit's expressions are Groovy"))
                .importance(ConfigDef.Importance.HIGH)
                .with(keys -> ExpressionKeys.expression(keys, key, RecordExpression.NAMES, doc
                        + " Variables: key, value, keySchema, valueSchema, topic, header (header.<name>.value), and op, "
                        + "before, after, source of a change event (null for other records)."))
                .regex(TOPIC_REGEX, null, "A regular expression the topic must match for the record to be evaluated; "
                        + "records of other topics pass unchanged. Unset: every record is evaluated.")
                .importance(ConfigDef.Importance.MEDIUM)
                .choice(NULL_HANDLING, NullHandling.class, NullHandling.KEEP, "What happens to a record with a null value "
                        + "(a tombstone): keep passes it on unevaluated, drop removes it, evaluate runs the expression "
                        + "with value null.")
                .importance(ConfigDef.Importance.MEDIUM)
                .with(ExpressionKeys::declare)
                .build();
    }

    private static boolean isGroovy(String language) {
        String l = language.trim().toLowerCase(Locale.ROOT);
        return l.equals(GROOVY) || l.equals("groovy");
    }

    /** The key of the transform's expression. */
    abstract String expressionKey();

    // ------------------------------------------------------------------ config and plan

    @Override
    protected void configure(TransformConfig config) {
        key = expressionKey();
        try {
            expression = RecordExpression.compile(config.getString(key),
                    ExpressionKeys.settings(config, displayName() + where()), schemaCacheSize());
        } catch (IllegalArgumentException e) {
            throw config.invalid(key, e.getMessage());
        }
        measured(expression.cache());
        topics = config.getPattern(TOPIC_REGEX);
        nulls = config.getEnum(NULL_HANDLING, NullHandling.class);
    }

    // ------------------------------------------------------------------ apply

    @Override
    protected final R transform(R record) {
        if (topics != null && !topics.matcher(record.topic()).matches()) {
            return record;
        }
        if (record.value() == null && nulls != NullHandling.EVALUATE) {
            return nulls == NullHandling.KEEP ? record : null;
        }
        Object result;
        try {
            result = expression.evaluate(record);
        } catch (ExpressionException e) {
            throw dataError(record, null, "the " + key + " " + quoted() + " failed: " + e.getMessage(), e);
        }
        return decide(record, result);
    }

    /** The record the expression's {@code result} makes of {@code record}. */
    protected abstract R decide(R record, Object result);

    /** A data error for a result of the wrong kind: its type, never its value. */
    protected final RuntimeException wrongResult(R record, Object result, String expected) {
        return dataError(record, null, "the " + key + " " + quoted() + " gave " + (result == null ? "null"
                : "a " + result.getClass().getName()) + ", not " + expected);
    }

    /** A data error about the result (its value not shown). */
    protected final RuntimeException badResult(R record, String problem) {
        return dataError(record, null, "the " + key + " " + quoted() + " gave a result that " + problem);
    }

    private String quoted() {
        return "'" + expression.text() + "'";
    }
}
