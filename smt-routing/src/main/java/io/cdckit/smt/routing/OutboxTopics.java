package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.record.Topics;

import java.util.function.Function;

/**
 * {@link OutboxRouter}'s topic of an event from the value of its {@code route.by.field} column, as
 * Kafka's {@code RegexRouter} makes it (which Debezium's {@code EventRouter} applies): when
 * {@code route.topic.regex} matches the whole value, the topic is the value with its first match
 * replaced by {@code route.topic.replacement} ({@code Matcher.replaceFirst}: {@code $1},
 * {@code ${name}}, {@code \$}); otherwise the topic is the value itself. Each value's topic is
 * computed once and cached. Thread-safe.
 */
final class OutboxTopics {

    private final Topics.Rewrite rewrite;
    private final PlanCache<String, String> topics;

    /**
     * @param cache makes the transform's cache of topics by value (a measured plan cache)
     */
    OutboxTopics(String regex, String replacement,
                 Function<Function<String, String>, PlanCache<String, String>> cache) {
        this.rewrite = Topics.Rewrite.of(regex, replacement);
        this.topics = cache.apply(rewrite::apply);
    }

    /** The topic of an event whose {@code route.by.field} column holds {@code value} (not null). */
    String topic(String value) {
        return topics.get(value);
    }

    /** What is wrong with {@code replacement} as a replacement for matches of {@code regex}, or null. */
    static String replacementProblem(String regex, String replacement) {
        String problem = Topics.replacementProblem(regex, replacement);
        return problem == null ? null : "is not a replacement for route.topic.regex: " + problem;
    }
}
