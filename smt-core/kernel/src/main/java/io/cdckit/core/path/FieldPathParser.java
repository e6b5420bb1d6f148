package io.cdckit.core.path;

import io.cdckit.core.path.FieldPath.Segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text syntax of field paths (see {@link FieldPath}): one path, and comma-separated lists of
 * paths in which a comma inside backticks belongs to a name.
 */
final class FieldPathParser {

    private FieldPathParser() {
    }

    static FieldPath parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new FieldPathSyntaxException(text, 0, "empty path");
        }
        List<Segment> segments = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (true) {
            int start = i;
            String name;
            boolean pattern;
            boolean quoted = i < n && text.charAt(i) == '`';
            if (quoted) {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new FieldPathSyntaxException(text, start, "unterminated backtick");
                    }
                    char c = text.charAt(i);
                    if (c == '`') {
                        if (i + 1 < n && text.charAt(i + 1) == '`') {
                            sb.append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(c);
                    i++;
                }
                name = sb.toString();
                pattern = false;
            } else {
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == '.' || c == '[' || c == ']') {
                        break;
                    }
                    if (c == '`') {
                        throw new FieldPathSyntaxException(text, i,
                            "a backtick may only open a segment; put the whole name in backticks");
                    }
                    if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                        throw new FieldPathSyntaxException(text, i,
                            "whitespace or control character outside backticks; put such names in backticks");
                    }
                    i++;
                }
                if (i == start) {
                    if (i < n && text.charAt(i) == '[') {
                        throw new FieldPathSyntaxException(text, i, "'[' must follow a field name");
                    }
                    if (i < n && text.charAt(i) == ']') {
                        throw new FieldPathSyntaxException(text, i, "unexpected ']'");
                    }
                    throw new FieldPathSyntaxException(text, i,
                        i == n ? "empty segment at the end of the path" : "empty segment");
                }
                name = text.substring(start, i);
                pattern = name.indexOf('*') >= 0;
            }
            int elements = 0;
            while (i < n && text.charAt(i) == '[') {
                if (i + 2 < n && text.charAt(i + 1) == '*' && text.charAt(i + 2) == ']') {
                    elements++;
                    i += 3;
                    continue;
                }
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new FieldPathSyntaxException(text, i, "unterminated '['; only [*] is allowed in brackets");
                }
                throw new FieldPathSyntaxException(text, i, "only [*] is allowed in brackets, found '"
                    + text.substring(i, close + 1) + "'; element indexes are not supported");
            }
            segments.add(new Segment(name, pattern, elements));
            if (i == n) {
                break;
            }
            char c = text.charAt(i);
            if (c == '.') {
                i++;
                continue;
            }
            if (c == ']') {
                throw new FieldPathSyntaxException(text, i, "unexpected ']'");
            }
            throw new FieldPathSyntaxException(text, i, "expected '.' or '[' after "
                + (elements > 0 ? "']'" : "the closing backtick"));
        }
        return new FieldPath(segments);
    }

    /**
     * Splits {@code text} at the commas outside backticks and parses each entry (trimmed). An empty
     * text is the empty list; an empty entry ({@code a,,b}) is an error.
     */
    static List<FieldPath> parseList(String text) {
        List<FieldPath> out = new ArrayList<>();
        for (String entry : splitList(text)) {
            out.add(parse(entry));
        }
        return out;
    }

    /**
     * The entries of a comma-separated list, split at the commas outside backticks and parentheses
     * (so that a {@code path:decimal(12,2)} entry stays one), and trimmed. A {@code (} that never
     * closes is text, unless commas follow it (they would join the entries after it into one).
     */
    static List<String> splitList(String text) {
        Objects.requireNonNull(text, "text");
        List<String> out = new ArrayList<>();
        if (text.trim().isEmpty()) {
            return out;
        }
        boolean quoted = false;
        int parens = 0;
        int open = -1;
        boolean swallowed = false;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() && parens > 0 && swallowed) {
                // a '(' that never closes took the commas after it: the entries after it would be lost
                throw new FieldPathSyntaxException(text, open, "'(' without ')'");
            }
            if (i < text.length()) {
                char c = text.charAt(i);
                if (c == '`') {
                    quoted = !quoted; // a doubled backtick toggles twice: still inside
                    continue;
                }
                if (!quoted && c == '(') {
                    open = parens++ == 0 ? i : open;
                } else if (!quoted && c == ')' && parens > 0) {
                    parens--;
                    swallowed &= parens > 0; // closed: the commas inside belonged to it
                }
                if (c == ',' && !quoted && parens > 0) {
                    swallowed = true;
                }
                if (c != ',' || quoted || parens > 0) {
                    continue;
                }
            }
            String entry = text.substring(start, i).trim();
            if (entry.isEmpty()) {
                throw new FieldPathSyntaxException(text, start, "empty entry in the list");
            }
            out.add(entry);
            start = i + 1;
        }
        return out;
    }
}
