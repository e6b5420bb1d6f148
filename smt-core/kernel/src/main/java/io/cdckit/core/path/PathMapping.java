package io.cdckit.core.path;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One {@code path:target} entry of a configuration list, such as {@code address.city:town} (a
 * rename), {@code city:address.city} (a move) or {@code amount:float64} (a cast): a field path, and
 * the text after the first colon outside backticks, which the transform reads as it needs (a name,
 * another path, a type, a source). A colon inside backticks belongs to the name:
 * {@code `a:b`:c} maps the field {@code a:b} to {@code c}.
 *
 * @param path   the field path before the colon
 * @param target the text after it, trimmed, never empty
 * @param entry  the whole entry as written, for messages
 */
public record PathMapping(FieldPath path, String target, String entry) {

    public PathMapping {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(entry, "entry");
    }

    /**
     * Parses one entry.
     *
     * @throws FieldPathSyntaxException if there is no colon outside backticks, nothing after it, or
     *                                  the path before it is not a valid field path
     */
    public static PathMapping parse(String entry) {
        String text = entry.trim();
        int colon = colonOutsideBackticks(text);
        if (colon < 0) {
            throw new FieldPathSyntaxException(text, text.length(), "expected path:target");
        }
        String target = text.substring(colon + 1).trim();
        if (target.isEmpty()) {
            throw new FieldPathSyntaxException(text, colon + 1, "nothing after ':'");
        }
        String path = text.substring(0, colon).trim();
        if (path.isEmpty()) {
            throw new FieldPathSyntaxException(text, 0, "no field path before ':'");
        }
        return new PathMapping(FieldPath.parse(path), target, text);
    }

    /**
     * Parses a comma-separated list of entries (commas inside backticks belong to names); an empty
     * text is the empty list.
     */
    public static List<PathMapping> parseList(String text) {
        List<PathMapping> out = new ArrayList<>();
        for (String entry : FieldPathParser.splitList(text)) {
            out.add(parse(entry));
        }
        return Collections.unmodifiableList(out);
    }

    private static int colonOutsideBackticks(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** The entry as written. */
    @Override
    public String toString() {
        return entry;
    }
}
