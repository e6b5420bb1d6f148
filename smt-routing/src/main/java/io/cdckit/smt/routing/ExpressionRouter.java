package io.cdckit.smt.routing;

import io.cdckit.core.record.Records;
import io.cdckit.core.record.Topics;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Sends each record to the topic a Groovy {@code topic.expression} gives, or leaves it in its topic
 * when the expression gives null: a drop-in for Debezium's
 * {@code io.debezium.transforms.ContentBasedRouter} with the same configuration
 * ({@code language=jsr223.groovy}, {@code topic.expression}, {@code topic.regex},
 * {@code null.handling.mode}) and the same topics, compiled once at configure time and run in
 * cdckit's sandbox. Partition, key, value, timestamp and headers are kept. The expression must give
 * a text (a GString too) that Kafka accepts as a topic name, or null; anything else, or a failure of
 * the expression, is a data error naming the transform, the expression and where the record is,
 * never its values.
 *
 * <pre>{@code
 * transforms.route.type=io.cdckit.smt.routing.ExpressionRouter
 * transforms.route.topic.expression=value.after?.region == 'eu' ? topic + '.eu' : null
 * }</pre>
 *
 * @param <R> the record type
 */
public class ExpressionRouter<R extends ConnectRecord<R>> extends ExpressionTransform<R> {

    public static final String TOPIC_EXPRESSION = "topic.expression";
    public static final String LANGUAGE = ExpressionTransform.LANGUAGE;
    public static final String TOPIC_REGEX = ExpressionTransform.TOPIC_REGEX;
    public static final String NULL_HANDLING = ExpressionTransform.NULL_HANDLING;

    public static final ConfigDef CONFIG_DEF = definition(TOPIC_EXPRESSION, "A Groovy expression giving the topic "
            + "the record goes to, or null to leave it in its topic.");

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    String expressionKey() {
        return TOPIC_EXPRESSION;
    }

    @Override
    protected R decide(R record, Object result) {
        if (result == null) {
            return record;
        }
        if (!(result instanceof CharSequence)) {
            throw wrongResult(record, result, "a topic name (a String) or null");
        }
        String topic = result.toString();
        if (topic.equals(record.topic())) {
            return record;
        }
        String problem = Topics.nameProblem(topic);
        if (problem != null) {
            throw badResult(record, problem);
        }
        return Records.withTopic(record, topic);
    }
}
