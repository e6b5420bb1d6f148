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
 * <p>Where the target is optional ({@code created_at} or {@code created_at:epoch-ms}, see
 * {@link #parseList(String, boolean)}), an entry without a colon has a null target.
 *
 * @param path   the field path before the colon
 * @param target the text after it, trimmed, never empty; null for an entry without one where targets are optional
 * @param entry  the whole entry as written, for messages
 */
public record PathMapping(FieldPath path, String target, String entry) {

    public PathMapping {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(entry, "entry");
    }

    /** @return true if the entry has a target (always, unless parsed with optional targets) */
    public boolean hasTarget() {
        return target != null;
    }

    /**
     * Parses one entry.
     *
     * @throws FieldPathSyntaxException if there is no colon outside backticks, nothing after it, or
     *                                  the path before it is not a valid field path
     */
    public static PathMapping parse(String entry) {
        return parse(entry, false);
    }

    /**
     * Parses one entry whose target may be optional: without a colon outside backticks it is a
     * path alone, with a null target.
     *
     * @throws FieldPathSyntaxException as {@link #parse(String)}, but for a missing colon only if
     *                                  {@code targetOptional} is false
     */
    public static PathMapping parse(String entry, boolean targetOptional) {
        String text = entry.trim();
        int colon = colonOutsideBackticks(text);
        if (colon < 0) {
            if (targetOptional) {
                return new PathMapping(FieldPath.parse(text), null, text);
            }
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
        return parseList(text, false);
    }

    /** As {@link #parseList(String)}; with {@code targetOptional}, entries may be paths alone ({@code a.b,c:x}). */
    public static List<PathMapping> parseList(String text, boolean targetOptional) {
        List<PathMapping> out = new ArrayList<>();
        for (String entry : FieldPathParser.splitList(text)) {
            out.add(parse(entry, targetOptional));
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
