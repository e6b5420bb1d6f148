package io.cdckit.core.record;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Topic names for the transforms that route: Kafka's rules for a legal name, and the rewrite of a
 * name by a regex and a replacement as Kafka's {@code RegexRouter} does it.
 */
public final class Topics {

    /** The longest topic name Kafka accepts. */
    public static final int MAX_NAME_LENGTH = 249;

    private Topics() {
    }

    /** What makes {@code name} an illegal Kafka topic name, or null (the broker's rules). Never quotes the name. */
    public static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is an empty topic name";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is '.' or '..', which Kafka refuses as a topic name";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "is a topic name longer than " + MAX_NAME_LENGTH + " characters";
        }
        return characterProblem(name);
    }

    /** What makes {@code text} hold a character Kafka refuses in a topic name, or null. */
    public static String characterProblem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return "has a character Kafka refuses in a topic name (legal: ASCII letters, digits, '.', '_', '-')";
            }
        }
        return null;
    }

    /**
     * What is wrong with {@code replacement} as a replacement for matches of {@code regex}, or null:
     * a group it names or numbers that the regex lacks, a trailing {@code \} or {@code $}. Checked on
     * the regex extended by an alternative that matches the empty string (the same groups, all
     * unset), so that no topic is needed; the newline before it ends a {@code (?x)} comment the
     * regex may end in. A regex that does not compile, or that the wrapping changes ({@code \Q}
     * without {@code \E}), is not checked here.
     *
     * @return null, or the reason in {@code Matcher}'s words (no value is quoted: there is none)
     */
    public static String replacementProblem(String regex, String replacement) {
        Matcher probe;
        try {
            probe = Pattern.compile("(?:" + regex + "\n)|").matcher("");
        } catch (RuntimeException e) {
            return null;
        }
        if (!probe.matches()) {
            return null;
        }
        try {
            probe.replaceFirst(replacement);
            return null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return e.getMessage();
        }
    }

    /**
     * A topic rewrite as Kafka's {@code RegexRouter} does it: a name the regex matches whole has its
     * match replaced ({@code $1}, {@code ${name}}); any other name is kept. Immutable, thread-safe.
     */
    public static final class Rewrite {
        private final Pattern regex;
        private final String replacement;

        private Rewrite(Pattern regex, String replacement) {
            this.regex = regex;
            this.replacement = replacement;
        }

        /** @throws java.util.regex.PatternSyntaxException for a regex that does not compile */
        public static Rewrite of(String regex, String replacement) {
            return new Rewrite(Pattern.compile(regex), replacement);
        }

        /** The rewritten name of {@code topic} (not null). */
        public String apply(String topic) {
            Matcher m = regex.matcher(topic);
            return m.matches() ? m.replaceFirst(replacement) : topic;
        }

        @Override
        public String toString() {
            return regex.pattern() + " -> " + replacement;
        }
    }
}
