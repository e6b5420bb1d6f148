package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link OutboxRouter}'s topic of an event from the value of its {@code route.by.field} column, as
 * Kafka's {@code RegexRouter} makes it (which Debezium's {@code EventRouter} applies): when
 * {@code route.topic.regex} matches the whole value, the topic is the value with its first match
 * replaced by {@code route.topic.replacement} ({@code Matcher.replaceFirst}: {@code $1},
 * {@code ${name}}, {@code \$}); otherwise the topic is the value itself. Each value's topic is
 * computed once and cached. Thread-safe.
 */
final class OutboxTopics {

    private final Pattern regex;
    private final String replacement;
    private final PlanCache<String, String> topics;

    /**
     * @param cache makes the transform's cache of topics by value (a measured plan cache)
     */
    OutboxTopics(String regex, String replacement,
                 Function<Function<String, String>, PlanCache<String, String>> cache) {
        this.regex = Pattern.compile(regex);
        this.replacement = replacement;
        this.topics = cache.apply(this::route);
    }

    /** The topic of an event whose {@code route.by.field} column holds {@code value} (not null). */
    String topic(String value) {
        return topics.get(value);
    }

    private String route(String value) {
        Matcher m = regex.matcher(value);
        return m.matches() ? m.replaceFirst(replacement) : value;
    }

    /**
     * What is wrong with {@code replacement} as a replacement for matches of {@code regex}, or null:
     * a group it names or numbers that the regex does not have, a trailing {@code \} or {@code $}.
     * Checked on a match of the regex extended by an empty alternative (same groups, all unset), so
     * that no record is needed; a regex that such a wrapping changes ({@code \Q} without {@code \E})
     * is not checked.
     */
    static String replacementProblem(String regex, String replacement) {
        Matcher probe;
        try {
            probe = Pattern.compile("(?:" + regex + ")|").matcher("");
        } catch (RuntimeException e) {
            return null; // the regex key reports its own problem
        }
        if (!probe.matches()) {
            return null;
        }
        try {
            probe.replaceFirst(replacement);
            return null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return "is not a replacement for route.topic.regex: " + e.getMessage();
        }
    }
}
