package io.cdckit.core.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one template syntax of cdckit (topic names, URLs, keys): text with placeholders, parsed once
 * and rendered per record.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>{@code ${name}} is a placeholder. A name is letters, digits, {@code _}, {@code -} and
 *       {@code .}: {@code ${topic}}, {@code ${source.table}}, {@code ${0}}.</li>
 *   <li>{@code ${name:arg:arg}} passes arguments, raw text separated by {@code :}, for placeholders
 *       that take them (e.g. a regex and a replacement). Inside arguments a backslash before
 *       {@code :}, {@code {}, {@code }} or another backslash takes that character literally
 *       ({@code \:}, {@code \}}, {@code \\}); before any other character it stays, so that a regex
 *       keeps its {@code \.} and {@code \d}. Balanced braces need no escaping
 *       ({@code ${topic:(.*)_v[0-9]{2}:$1}}).</li>
 *   <li>{@code $$} is a literal {@code $}; a {@code $} not followed by {@code {} or {@code $} is
 *       literal too, as is any {@code }} outside a placeholder.</li>
 * </ul>
 *
 * <h2>Use</h2>
 * Which placeholders exist is the caller's business: {@link #bind} hands each {@link Placeholder}
 * to a binder that returns how to read its value from a context object, or throws
 * {@link IllegalArgumentException} for one it does not know (at configure time). The bound
 * {@link Renderer} then renders with no parsing and no lookups; a null value renders as the empty
 * string. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * Template.Renderer<ChangeEvent> topic = Template.parse("${topic}.${op}").bind(p -> switch (p.name()) {
 *     case "op" -> ChangeEvent::opCode; ...
 * });
 * }</pre>
 */
public final class Template {

    private final String text;
    /** Literal strings and Placeholders, in order; adjacent literals merged. */
    private final List<Object> parts;
    private final List<Placeholder> placeholders;

    private Template(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
        List<Placeholder> ps = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Placeholder) {
                ps.add((Placeholder) part);
            }
        }
        this.placeholders = Collections.unmodifiableList(ps);
    }

    /**
     * @param text the template text; not null
     * @return the parsed template
     * @throws TemplateSyntaxException if the text is not a valid template
     */
    public static Template parse(String text) {
        return new Template(text, new Parser(Objects.requireNonNull(text, "text")).parts());
    }

    /** @return the text the template was parsed from */
    public String text() {
        return text;
    }

    /** @return the placeholders, in order of appearance */
    public List<Placeholder> placeholders() {
        return placeholders;
    }

    /** @return true if the template has no placeholder: it always renders the same string */
    public boolean isConstant() {
        return placeholders.isEmpty();
    }

    /**
     * Binds every placeholder to a reader of its value from a context object.
     *
     * @param binder gives, for each placeholder, the function that reads its value; throws
     *               {@link IllegalArgumentException} (with a message naming the placeholder) for
     *               one it does not know
     * @param <C>    the context type, e.g. a record or a change-event view
     * @return the renderer
     */
    public <C> Renderer<C> bind(Function<Placeholder, Function<? super C, ?>> binder) {
        int n = parts.size();
        String[] literals = new String[n];
        List<Function<? super C, ?>> readers = new ArrayList<>(n);
        int literalLength = 0;
        for (int i = 0; i < n; i++) {
            Object part = parts.get(i);
            if (part instanceof String) {
                literals[i] = (String) part;
                literalLength += literals[i].length();
                readers.add(null);
            } else {
                readers.add(Objects.requireNonNull(binder.apply((Placeholder) part),
                        "binder returned no reader for ${" + ((Placeholder) part).name + "}"));
            }
        }
        if (placeholders.isEmpty()) {
            String constant = n == 0 ? "" : literals[0];
            return context -> constant;
        }
        @SuppressWarnings("unchecked")
        Function<? super C, ?>[] reader = readers.toArray(new Function[0]);
        int size = literalLength + 16 * placeholders.size();
        if (n == 1) {
            Function<? super C, ?> only = reader[0];
            return context -> string(only.apply(context));
        }
        return context -> {
            StringBuilder b = new StringBuilder(size);
            for (int i = 0; i < literals.length; i++) {
                if (literals[i] != null) {
                    b.append(literals[i]);
                } else {
                    Object v = reader[i].apply(context);
                    if (v != null) {
                        b.append(v);
                    }
                }
            }
            return b.toString();
        };
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    /** A bound template. */
    @FunctionalInterface
    public interface Renderer<C> {
        /** @return the text with every placeholder replaced by its value in {@code context} */
        String render(C context);
    }

    /** One {@code ${name:arg...}} of a template. Immutable. */
    public static final class Placeholder {
        private final String name;
        private final List<String> arguments;
        private final int position;

        Placeholder(String name, List<String> arguments, int position) {
            this.name = name;
            this.arguments = List.copyOf(arguments);
            this.position = position;
        }

        /** @return the name, e.g. {@code source.table} */
        public String name() {
            return name;
        }

        /** @return true if the name is {@code prefix} or starts with {@code prefix.} */
        public boolean isUnder(String prefix) {
            return name.equals(prefix) || name.startsWith(prefix + ".");
        }

        /** @return the arguments after the name, unescaped; empty if none */
        public List<String> arguments() {
            return arguments;
        }

        /** @return the 0-based position of its {@code $} in the template text */
        public int position() {
            return position;
        }

        @Override
        public String toString() {
            return arguments.isEmpty() ? "${" + name + "}" : "${" + name + ":" + String.join(":", arguments) + "}";
        }
    }

    /** One pass over the text. */
    private static final class Parser {
        private final String text;
        private final List<Object> parts = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();
        private int i;

        Parser(String text) {
            this.text = text;
        }

        List<Object> parts() {
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
                    literal.append('$');
                    i += 2;
                } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
                    flushLiteral();
                    parts.add(placeholder());
                } else {
                    literal.append(c);
                    i++;
                }
            }
            flushLiteral();
            return Collections.unmodifiableList(parts);
        }

        private void flushLiteral() {
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
        }

        private Placeholder placeholder() {
            int start = i;
            i += 2;
            int nameStart = i;
            while (i < text.length() && isNameChar(text.charAt(i))) {
                i++;
            }
            String name = text.substring(nameStart, i);
            if (i >= text.length()) {
                throw new TemplateSyntaxException(text, start, "unterminated placeholder (missing '}')");
            }
            char c = text.charAt(i);
            if (c != '}' && c != ':') {
                throw new TemplateSyntaxException(text, i, "unexpected '" + c
                        + "' in a placeholder name (letters, digits, '_', '-', '.'; arguments follow ':')");
            }
            if (name.isEmpty()) {
                throw new TemplateSyntaxException(text, start, "a placeholder needs a name");
            }
            List<String> args = new ArrayList<>();
            if (c == ':') {
                i++;
                arguments(start, args);
            } else {
                i++;
            }
            return new Placeholder(name, args, start);
        }

        /** Reads arguments up to and including the closing brace. */
        private void arguments(int start, List<String> args) {
            StringBuilder arg = new StringBuilder();
            int depth = 0;
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '\\') {
                    if (i >= text.length()) {
                        break;
                    }
                    char next = text.charAt(i++);
                    if (next != ':' && next != '{' && next != '}' && next != '\\') {
                        arg.append(c); // not an escape: the backslash belongs to the argument (a regex's \.)
                    }
                    arg.append(next);
                } else if (c == '{') {
                    depth++;
                    arg.append(c);
                } else if (c == '}' && depth > 0) {
                    depth--;
                    arg.append(c);
                } else if (c == '}') {
                    args.add(arg.toString());
                    return;
                } else if (c == ':' && depth == 0) {
                    args.add(arg.toString());
                    arg.setLength(0);
                } else {
                    arg.append(c);
                }
            }
            throw new TemplateSyntaxException(text, start, "unterminated placeholder (missing '}')");
        }

        private static boolean isNameChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.';
        }
    }
}
