package io.cdckit.smt.routing;

import io.cdckit.core.cache.PlanCache;
import io.cdckit.core.cdc.Operation;
import io.cdckit.core.record.Topics;
import io.cdckit.core.template.Template;
import io.cdckit.core.template.TemplateSyntaxException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A topic template of {@code OperationRouter}, in the kernel's {@link Template} syntax, with its
 * placeholders: {@code ${topic}}, {@code ${topic:<regex>:<replacement>}} (the topic rewritten as
 * Kafka's {@code RegexRouter} does: a topic the regex matches whole is replaced, any other is kept),
 * {@code ${op}}, {@code ${operation}} and {@code ${source.<field>}}. The templates of
 * {@code topic.tombstone} and {@code topic.other} know only the {@code ${topic}} forms. Inside the
 * regex form a backslash escapes only {@code :}, {@code {}, {@code }} and itself ({@link Template}).
 *
 * <p>A template is bound once per operation ({@link #route}); the op placeholders are constants
 * there, and the rendered topics are cached per input topic and source field values, with whether
 * each is a legal Kafka topic name, so that a record whose route was rendered before costs a cache
 * lookup. Thread-safe.
 */
final class TopicTemplate {

    static final String WITH_OP = "${topic}, ${topic:<regex>:<replacement>}, ${op}, ${operation}, ${source.<field>}";
    static final String TOPIC_ONLY = "${topic}, ${topic:<regex>:<replacement>}";

    private static final String TOPIC = "topic";
    private static final String OP = "op";
    private static final String OPERATION = "operation";
    private static final String SOURCE = "source";
    private static final Object[] NO_VALUES = new Object[0];

    private final Template template;
    /** The source fields the template names, in order; their values are the rendering context. */
    private final List<String> sourceFields;

    private TopicTemplate(Template template) {
        this.template = template;
        List<String> fields = new ArrayList<>();
        for (Template.Placeholder p : template.placeholders()) {
            if (p.name().startsWith(SOURCE + ".") && !fields.contains(sourceField(p))) {
                fields.add(sourceField(p));
            }
        }
        this.sourceFields = List.copyOf(fields);
    }

    /** The template of a text {@link #problem} found nothing wrong with. */
    static TopicTemplate parse(String text) {
        return new TopicTemplate(Template.parse(text));
    }

    /**
     * What is wrong with a template text, or null.
     *
     * @param withOp whether the op and source placeholders are known (not for tombstones and
     *               records without an operation)
     */
    static String problem(String text, boolean withOp) {
        if (text.isEmpty()) {
            return "must not be empty";
        }
        Template t;
        try {
            t = Template.parse(text);
        } catch (TemplateSyntaxException e) {
            return "is not a valid template: " + e.getMessage();
        }
        String literal = t.bind(p -> in -> "").render(null);
        String illegal = t.isConstant() ? Topics.nameProblem(literal) : Topics.characterProblem(literal);
        if (illegal != null) {
            return illegal;
        }
        for (Template.Placeholder p : t.placeholders()) {
            String name = p.name();
            int args = p.arguments().size();
            if (name.equals(TOPIC) && args == 2) {
                String regex = regexProblem(p.arguments().get(0), p.arguments().get(1));
                if (regex != null) {
                    return p + ": " + regex;
                }
            } else if (name.equals(TOPIC) && args != 0) {
                return p + " takes a regex and a replacement: ${topic:<regex>:<replacement>}";
            } else if (!name.equals(TOPIC) && !(withOp && isOpPlaceholder(p))) {
                return "names the unknown placeholder " + p + "; known: " + (withOp ? WITH_OP : TOPIC_ONLY);
            }
        }
        return null;
    }

    private static boolean isOpPlaceholder(Template.Placeholder p) {
        if (!p.arguments().isEmpty()) {
            return false;
        }
        String name = p.name();
        return name.equals(OP) || name.equals(OPERATION)
                || name.startsWith(SOURCE + ".") && name.length() > SOURCE.length() + 1;
    }

    private static String regexProblem(String regex, String replacement) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return "the regex is not valid: " + e.getDescription();
        }
        String problem = Topics.replacementProblem(regex, replacement);
        return problem == null ? null : "the replacement is not valid for the regex: " + problem;
    }

    private static String sourceField(Template.Placeholder p) {
        return p.name().substring(SOURCE.length() + 1);
    }

    /** @return the source fields the template names, in order of first appearance */
    List<String> sourceFields() {
        return sourceFields;
    }

    @Override
    public String toString() {
        return template.text();
    }

    /**
     * The template of the key {@code key} bound for records of {@code op} (null: a record without an
     * operation), its renderings cached in a cache of {@code cacheSize} entries.
     */
    Route route(String key, Operation op, int cacheSize) {
        Template.Renderer<Input> renderer = template.bind(p -> reader(p, op));
        return new Route(key, this, renderer, cacheSize);
    }

    private Function<Input, ?> reader(Template.Placeholder p, Operation op) {
        String name = p.name();
        if (name.equals(TOPIC)) {
            if (p.arguments().isEmpty()) {
                return in -> in.topic;
            }
            Topics.Rewrite rewrite = Topics.Rewrite.of(p.arguments().get(0), p.arguments().get(1));
            return in -> rewrite.apply(in.topic);
        }
        if (name.equals(OP)) {
            String code = op == null ? null : op.code();
            return in -> code;
        }
        if (name.equals(OPERATION)) {
            String label = op == null ? null : op.label();
            return in -> label;
        }
        int index = sourceFields.indexOf(sourceField(p));
        return in -> in.sourceValues[index];
    }

    /** What a template renders from: the input topic and the values of its source fields. */
    static final class Input {
        final String topic;
        final Object[] sourceValues;

        Input(String topic, Object[] sourceValues) {
            this.topic = topic;
            this.sourceValues = sourceValues;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Input other && topic.equals(other.topic)
                    && Arrays.equals(sourceValues, other.sourceValues);
        }

        @Override
        public int hashCode() {
            return 31 * topic.hashCode() + Arrays.hashCode(sourceValues);
        }
    }

    /** A rendered topic, and what makes it an illegal topic name (null: nothing). */
    record Rendered(String topic, String problem) {
    }

    /** A template bound for one operation, with its cache of rendered topics. */
    static final class Route {
        private final String key;
        private final TopicTemplate template;
        private final PlanCache<String, Rendered> byTopic;
        private final PlanCache<Input, Rendered> byInput;

        private Route(String key, TopicTemplate template, Template.Renderer<Input> renderer, int cacheSize) {
            this.key = key;
            this.template = template;
            Function<Input, Rendered> render = in -> {
                String topic = renderer.render(in);
                return new Rendered(topic, Topics.nameProblem(topic));
            };
            if (template.sourceFields.isEmpty()) {
                this.byTopic = PlanCache.of(cacheSize, topic -> render.apply(new Input(topic, NO_VALUES)));
                this.byInput = null;
            } else {
                this.byTopic = null;
                this.byInput = PlanCache.byEquality(cacheSize, render);
            }
        }

        /** @return the key the template came from */
        String key() {
            return key;
        }

        /** @return the source fields this route reads, in the order {@link #render} takes them */
        List<String> sourceFields() {
            return template.sourceFields;
        }

        /**
         * The topic for a record of {@code topic}; {@code sourceValues} in {@link #sourceFields} order,
         * each a String, a Number, a Boolean or a Character (rendered with {@code toString}).
         */
        Rendered render(String topic, Object[] sourceValues) {
            return byTopic != null ? byTopic.get(topic) : byInput.get(new Input(topic, sourceValues));
        }

        /** The topic for a record of {@code topic} that has no operation, so no source fields (empty). */
        Rendered render(String topic) {
            if (byTopic != null) {
                return byTopic.get(topic);
            }
            return byInput.get(new Input(topic, new Object[template.sourceFields.size()]));
        }

        @Override
        public String toString() {
            return key + "=" + template;
        }
    }
}
