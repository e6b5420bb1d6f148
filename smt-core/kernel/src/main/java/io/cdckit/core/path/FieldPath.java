package io.cdckit.core.path;

import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A parsed, immutable field path such as {@code after.customer.email}, {@code items[*].sku} or
 * {@code *.email}.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>Segments are separated by {@code .}: {@code after.customer.email}.</li>
 *   <li>A name with dots, brackets, backticks, whitespace or {@code *} is written in backticks:
 *       {@code `weird.name`.x}; a backtick inside backticks is doubled: {@code `a``b`}. A
 *       backticked segment is always a literal name.</li>
 *   <li>{@code [*]} after a segment addresses every element of an ARRAY (or every value of a MAP);
 *       it may be repeated: {@code matrix[*][*]}. Indexes such as {@code [0]} are not supported.</li>
 *   <li>{@code *} inside an unquoted segment is a name pattern (a glob in which only {@code *} is
 *       special, matching any run of characters): {@code *.email}, {@code after.*_at}, {@code *}.</li>
 * </ul>
 *
 * <h2>Use</h2>
 * <p>Against a Connect {@link Schema}, a path is {@linkplain #resolve(Schema) resolved} once into
 * {@link ResolvedPath}s that read records fast; a row plan ({@code io.cdckit.core.row.RowPlan})
 * compiles operations on those paths. Against schemaless values ({@code Map}s and {@code List}s,
 * e.g. JSON without schemas) the path is applied directly by {@link #get(Map, Strictness)} and
 * {@link #forEach(Map, Strictness, Consumer)}, or by a row plan's schemaless form; patterns are
 * then matched against each record's keys.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} gives the canonical text, which
 * parses back to an equal path.
 */
public final class FieldPath {

    private final List<Segment> segments;
    private final boolean hasPattern;
    private final boolean hasElements;
    private final String text;

    FieldPath(List<Segment> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("A field path needs at least one segment");
        }
        this.segments = Collections.unmodifiableList(new ArrayList<>(segments));
        boolean pattern = false;
        boolean elements = false;
        StringBuilder sb = new StringBuilder();
        for (Segment segment : this.segments) {
            pattern |= segment.isPattern();
            elements |= segment.elements() > 0;
            if (sb.length() > 0) {
                sb.append('.');
            }
            segment.appendTo(sb, true);
        }
        this.hasPattern = pattern;
        this.hasElements = elements;
        this.text = sb.toString();
    }

    /**
     * Parses a field path.
     *
     * @param text the path text; not null
     * @return the path
     * @throws FieldPathSyntaxException if the text is not a valid path; the message gives the text,
     *                                  the 0-based position and what is wrong
     */
    public static FieldPath parse(String text) {
        return FieldPathParser.parse(text);
    }

    /**
     * Parses a comma-separated list of field paths, as configuration keys hold them. A comma inside
     * backticks belongs to the name ({@code `a,b`.c, d} is two paths); entries are trimmed; an empty
     * text is the empty list.
     *
     * @param text the list text; not null
     * @return the paths, in order, unmodifiable
     * @throws FieldPathSyntaxException if an entry is empty or not a valid path
     */
    public static List<FieldPath> parseList(String text) {
        return Collections.unmodifiableList(FieldPathParser.parseList(text));
    }

    /**
     * Builds a path of literal names, with no patterns and no {@code [*]}, without any parsing or
     * escaping: {@code literal("a.b", "c")} is the path {@code `a.b`.c}.
     *
     * @param names the field names, at least one, none null
     * @return the path
     */
    public static FieldPath literal(String... names) {
        List<Segment> segments = new ArrayList<>(names.length);
        for (String name : names) {
            segments.add(new Segment(Objects.requireNonNull(name, "name"), false, 0));
        }
        return new FieldPath(segments);
    }

    /** The path of {@code segments} (at least one), e.g. {@link Segment#literal(String, int)}s a schema walk found. */
    public static FieldPath of(List<Segment> segments) {
        for (Segment s : segments) {
            Objects.requireNonNull(s, "segment");
        }
        return new FieldPath(segments);
    }

    /** @return the segments, unmodifiable, never empty */
    public List<Segment> segments() {
        return segments;
    }

    /** @return true if some segment is a name pattern (contains an unquoted {@code *}) */
    public boolean hasPattern() {
        return hasPattern;
    }

    /** @return true if some segment is followed by {@code [*]} */
    public boolean hasElements() {
        return hasElements;
    }

    /** @return true if the path can address at most one value: no pattern and no {@code [*]} */
    public boolean isSingleValued() {
        return !hasPattern && !hasElements;
    }

    /**
     * @param index a segment index, 0 to {@code segments().size() - 1}
     * @return the path of the segments from {@code index} on, e.g. {@code source.ts_ms} of
     *         {@code $envelope.source.ts_ms} from 1
     * @throws IllegalArgumentException if no segment would be left
     */
    public FieldPath subPath(int index) {
        if (index == 0) {
            return this;
        }
        if (index < 0 || index >= segments.size()) {
            throw new IllegalArgumentException("Field path '" + text + "' has no segments from index " + index);
        }
        return new FieldPath(segments.subList(index, segments.size()));
    }

    /** @return true if the first segment is the literal name {@code name} (no pattern, no {@code [*]}) */
    public boolean startsWith(String name) {
        Segment first = segments.get(0);
        return !first.isPattern() && first.elements() == 0 && first.name().equals(name);
    }

    // ------------------------------------------------------------------------------------------
    // Resolution against a schema

    /**
     * Resolves this path strictly against a struct schema; same as
     * {@code resolve(schema, Strictness.STRICT)}.
     *
     * @param schema the root schema, a STRUCT
     * @return every concrete match
     * @throws FieldPathException if the path does not fit the schema
     */
    public List<ResolvedPath> resolve(Schema schema) {
        return resolve(schema, Strictness.STRICT);
    }

    /**
     * Resolves this path against a struct schema, once, into concrete paths.
     *
     * <p>A literal path gives at most one {@link ResolvedPath}; a path with patterns gives every
     * concrete match, in schema field order, depth first. A pattern that matches nothing is not an
     * error. In the literal prefix of the path (before the first pattern segment):
     * <ul>
     *   <li>a missing field throws with {@link Strictness#STRICT} (the message lists the struct's
     *       field names and its schema name) and yields an empty list with
     *       {@link Strictness#LENIENT};</li>
     *   <li>a name applied to a primitive, a name applied to an ARRAY or MAP, and {@code [*]}
     *       applied to something that is not an ARRAY or MAP always throw.</li>
     * </ul>
     * After a pattern segment, branches that do not fit are skipped silently.
     *
     * @param schema     the root schema, a STRUCT
     * @param strictness what to do about missing fields
     * @return the concrete matches, possibly empty, unmodifiable
     * @throws FieldPathException if the path does not fit the schema
     */
    public List<ResolvedPath> resolve(Schema schema, Strictness strictness) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(strictness, "strictness");
        return PathResolver.resolve(this, schema, strictness == Strictness.STRICT);
    }

    // ------------------------------------------------------------------------------------------
    // Schemaless values (see MapPaths)

    /**
     * Reads a single-valued path from a schemaless value: nested {@code Map}s with string keys.
     *
     * <p>Returns null when the value at the path is null or when a parent on the way is null. A
     * missing key, or a value on the way that is not a {@code Map}, throws a
     * {@link FieldPathException} with {@link Strictness#STRICT} and returns null with
     * {@link Strictness#LENIENT}. Never throws {@code ClassCastException}.
     *
     * @param root       the root map; null gives null
     * @param strictness what to do about missing keys and values of the wrong shape
     * @return the value, or null
     * @throws IllegalStateException if this path is not {@linkplain #isSingleValued() single-valued}
     * @throws FieldPathException    with {@link Strictness#STRICT}, if the path does not fit the value
     */
    public Object get(Map<?, ?> root, Strictness strictness) {
        return new MapPaths(this).get(root, strictness);
    }

    /**
     * Looks up a literal path in a schemaless value, telling a missing key from a null value.
     * Below a null parent the value is null, as a Struct row reads it ({@link ResolvedPath#get}).
     *
     * @param root the root map; null gives {@link MapPaths#MISSING}
     * @return the value (maybe null: also below a null parent), or {@link MapPaths#MISSING} if a key
     *         on the way is missing or a value on the way is not a {@code Map}
     * @throws IllegalStateException if this path has a pattern or {@code [*]}
     */
    public Object lookup(Map<?, ?> root) {
        return MapPaths.lookup(this, root);
    }

    /**
     * Visits every value this path addresses in a schemaless value: nested {@code Map}s with string
     * keys and {@code List}s. Pattern segments are matched against the keys of each map, in the
     * map's iteration order; {@code [*]} visits every element of a {@code List} and every value of
     * a {@code Map}.
     *
     * <p>The action receives every value found at the end of the path, null values included; a null
     * parent on the way has nothing under it and is skipped. In the literal prefix of the path a
     * missing key, a name applied to a value that is not a {@code Map}, or {@code [*]} applied to a
     * value that is neither a {@code List} nor a {@code Map} throws with {@link Strictness#STRICT}
     * and is skipped with {@link Strictness#LENIENT}; after a pattern segment they are always
     * skipped. Never throws {@code ClassCastException}.
     *
     * @param root       the root map; null visits nothing
     * @param strictness what to do about missing keys and values of the wrong shape
     * @param action     receives each value
     * @throws FieldPathException with {@link Strictness#STRICT}, if the path does not fit the value
     */
    public void forEach(Map<?, ?> root, Strictness strictness, Consumer<Object> action) {
        new MapPaths(this).forEach(root, strictness, action);
    }

    // ------------------------------------------------------------------------------------------


    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof FieldPath && segments.equals(((FieldPath) o).segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    /** @return the canonical text: backticks only where needed; parses back to an equal path */
    @Override
    public String toString() {
        return text;
    }

    /**
     * One segment of a {@link FieldPath}: a field name or name pattern, followed by zero or more
     * {@code [*]}. Immutable.
     */
    public static final class Segment {
        private final String name;
        private final boolean pattern;
        private final int elements;

        Segment(String name, boolean pattern, int elements) {
            this.name = name;
            this.pattern = pattern;
            this.elements = elements;
        }

        /** @return the field name, or the pattern text, without backticks or {@code [*]} */
        public String name() {
            return name;
        }

        /** @return true if this segment is a name pattern in which {@code *} matches any characters */
        public boolean isPattern() {
            return pattern;
        }

        /** @return how many {@code [*]} follow the name */
        public int elements() {
            return elements;
        }

        /**
         * @param fieldName a field name or map key
         * @return true if this segment addresses that name: equal to a literal, matching a pattern
         */
        public boolean matches(String fieldName) {
            return pattern ? Globs.matches(name, fieldName) : name.equals(fieldName);
        }

        /** @return this segment without its {@code [*]}s */
        public Segment withoutElements() {
            return elements == 0 ? this : new Segment(name, pattern, 0);
        }

        /** @return the segment of the literal name {@code name}, without {@code [*]} */
        public static Segment literal(String name) {
            return literal(name, 0);
        }

        /** @return the segment of the literal name {@code name} followed by {@code elements} {@code [*]} */
        public static Segment literal(String name, int elements) {
            if (elements < 0) {
                throw new IllegalArgumentException("elements must not be negative");
            }
            return new Segment(Objects.requireNonNull(name, "name"), false, elements);
        }

        /** @return true if some name could be matched by both this segment and {@code other} */
        public boolean overlaps(Segment other) {
            if (!pattern) {
                return other.matches(name);
            }
            if (!other.pattern) {
                return matches(other.name);
            }
            return Globs.intersect(name, other.name);
        }

        void appendTo(StringBuilder sb, boolean withElements) {
            if (pattern || !needsQuotes(name)) {
                sb.append(name);
            } else {
                sb.append('`');
                for (int i = 0; i < name.length(); i++) {
                    char c = name.charAt(i);
                    sb.append(c);
                    if (c == '`') {
                        sb.append('`');
                    }
                }
                sb.append('`');
            }
            if (withElements) {
                for (int e = 0; e < elements; e++) {
                    sb.append("[*]");
                }
            }
        }

        private static boolean needsQuotes(String name) {
            if (name.isEmpty()) {
                return true;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '.' || c == '[' || c == ']' || c == '`' || c == '*'
                    || Character.isWhitespace(c) || Character.isISOControl(c)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Segment)) {
                return false;
            }
            Segment that = (Segment) o;
            return pattern == that.pattern && elements == that.elements && name.equals(that.name);
        }

        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + (pattern ? 1 : 0)) * 31 + elements;
        }

        /** @return the canonical text of this segment, e.g. {@code `a.b`[*]} */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            appendTo(sb, true);
            return sb.toString();
        }
    }
}
