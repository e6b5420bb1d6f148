package io.cdckit.core.path;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
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
 * {@link ResolvedPath}s that read records fast; {@link StructRewriter} compiles operations on those
 * paths. Against schemaless values ({@code Map}s and {@code List}s, e.g. JSON without schemas) the
 * path is applied directly by {@link #get(Map, Strictness)} and
 * {@link #forEach(Map, Strictness, Consumer)}, or compiled into a {@link MapRewriter}; patterns are
 * then matched against each record's keys.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} gives the canonical text, which
 * parses back to an equal path.
 */
public final class FieldPath {

    /** Marks a key that is absent, as opposed to present with a null value. */
    static final Object MISSING = new Object();

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
        Resolver resolver = new Resolver(schema, strictness == Strictness.STRICT);
        resolver.resolveFrom(schema, 0, true);
        return Collections.unmodifiableList(resolver.out);
    }

    /** Depth-first resolution state; used once per {@link #resolve(Schema, Strictness)} call. */
    private final class Resolver {
        private final Schema root;
        private final boolean strict;
        private final List<ResolvedPath> out = new ArrayList<>();
        private final List<Segment> concrete = new ArrayList<>();
        private final List<Field> steps = new ArrayList<>();
        private final List<Schema.Type> kinds = new ArrayList<>();

        Resolver(Schema root, boolean strict) {
            this.root = root;
            this.strict = strict;
        }

        void resolveFrom(Schema schema, int index, boolean literalPrefix) {
            Segment segment = segments.get(index);
            if (schema.type() != Schema.Type.STRUCT) {
                if (literalPrefix) {
                    throw notAStruct(segment, schema);
                }
                return;
            }
            if (segment.isPattern()) {
                for (Field field : schema.fields()) {
                    if (segment.matches(field.name())) {
                        descend(field, segment, index, false);
                    }
                }
                return;
            }
            Field field = schema.field(segment.name());
            if (field == null) {
                if (literalPrefix && strict) {
                    throw noSuchField(segment, schema);
                }
                return;
            }
            descend(field, segment, index, literalPrefix);
        }

        private void descend(Field field, Segment segment, int index, boolean literalPrefix) {
            int mark = steps.size();
            steps.add(field);
            kinds.add(Schema.Type.STRUCT);
            concrete.add(new Segment(field.name(), false, 0));
            Schema schema = field.schema();
            boolean fits = true;
            for (int e = 0; e < segment.elements(); e++) {
                Schema.Type type = schema.type();
                if (type != Schema.Type.ARRAY && type != Schema.Type.MAP) {
                    if (literalPrefix) {
                        throw notACollection(segment, schema, e);
                    }
                    fits = false;
                    break;
                }
                steps.add(null);
                kinds.add(type);
                schema = schema.valueSchema();
            }
            if (fits) {
                concrete.set(concrete.size() - 1, new Segment(field.name(), false, segment.elements()));
                if (index + 1 == segments.size()) {
                    out.add(new ResolvedPath(root, new FieldPath(concrete), schema, steps, kinds));
                } else {
                    resolveFrom(schema, index + 1, literalPrefix);
                }
            }
            concrete.remove(concrete.size() - 1);
            steps.subList(mark, steps.size()).clear();
            kinds.subList(mark, kinds.size()).clear();
        }

        private String prefix() {
            return concrete.isEmpty() ? "" : new FieldPath(concrete).toString();
        }

        private FieldPathException error(Segment segment, String why) {
            return new FieldPathException("Cannot resolve field path '" + FieldPath.this + "' at segment '"
                + segment + "': " + why);
        }

        private FieldPathException notAStruct(Segment segment, Schema schema) {
            String what = concrete.isEmpty() ? "the root schema" : "'" + prefix() + "'";
            Schema.Type type = schema.type();
            if (type == Schema.Type.ARRAY || type == Schema.Type.MAP) {
                if (concrete.isEmpty()) {
                    return error(segment, "the root schema is " + article(type) + type + ", not a struct");
                }
                return error(segment, what + " is " + article(type) + type + "; address its "
                    + (type == Schema.Type.ARRAY ? "elements" : "values") + " with " + prefix() + "[*]");
            }
            return error(segment, what + " is of type " + describe(schema) + ", not a struct");
        }

        private FieldPathException noSuchField(Segment segment, Schema struct) {
            StringBuilder why = new StringBuilder();
            why.append(concrete.isEmpty() ? "the root struct" : "struct '" + prefix() + "'");
            if (struct.name() != null) {
                why.append(" (schema '").append(struct.name()).append("')");
            }
            why.append(" has no field '").append(segment.name()).append("'; its fields are [");
            List<Field> fields = struct.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    why.append(", ");
                }
                why.append(fields.get(i).name());
            }
            return error(segment, why.append(']').toString());
        }

        private FieldPathException notACollection(Segment segment, Schema schema, int elementsBefore) {
            Segment last = concrete.get(concrete.size() - 1);
            concrete.set(concrete.size() - 1, new Segment(last.name(), false, elementsBefore));
            return error(segment, "'" + prefix() + "' is of type " + describe(schema)
                + "; [*] applies only to an ARRAY or a MAP");
        }
    }

    private static String article(Schema.Type type) {
        return type == Schema.Type.ARRAY ? "an " : "a ";
    }

    /** @return the type of a schema for messages, with its logical name if any, e.g. {@code BYTES (Decimal)} */
    static String describe(Schema schema) {
        return schema.name() == null ? schema.type().toString() : schema.type() + " (" + schema.name() + ")";
    }

    // ------------------------------------------------------------------------------------------
    // Schemaless values

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
        if (!isSingleValued()) {
            throw new IllegalStateException("Field path '" + text + "' may address several values; use forEach");
        }
        boolean strict = strictness == Strictness.STRICT;
        Object current = root;
        for (int i = 0; i < segments.size(); i++) {
            if (current == null) {
                return null;
            }
            if (!(current instanceof Map)) {
                if (strict) {
                    throw notAMap(i, current);
                }
                return null;
            }
            Object value = lookup((Map<?, ?>) current, segments.get(i).name());
            if (value == MISSING) {
                if (strict) {
                    throw missingKey(i);
                }
                return null;
            }
            current = value;
        }
        return current;
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
        Objects.requireNonNull(action, "action");
        visitKeys(root, 0, strictness == Strictness.STRICT, action);
    }

    private void visitKeys(Object current, int index, boolean strict, Consumer<Object> action) {
        if (current == null) {
            return;
        }
        if (!(current instanceof Map)) {
            if (strict) {
                throw notAMap(index, current);
            }
            return;
        }
        Map<?, ?> map = (Map<?, ?>) current;
        Segment segment = segments.get(index);
        if (segment.isPattern()) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                if (key instanceof String && segment.matches((String) key)) {
                    visitElements(entry.getValue(), index, 0, false, action);
                }
            }
            return;
        }
        Object value = lookup(map, segment.name());
        if (value == MISSING) {
            if (strict) {
                throw missingKey(index);
            }
            return;
        }
        visitElements(value, index, 0, strict, action);
    }

    private void visitElements(Object value, int index, int depth, boolean strict, Consumer<Object> action) {
        if (depth == segments.get(index).elements()) {
            if (index + 1 == segments.size()) {
                action.accept(value);
            } else {
                visitKeys(value, index + 1, strict, action);
            }
            return;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (list instanceof RandomAccess) {
                for (int i = 0, n = list.size(); i < n; i++) {
                    visitElements(list.get(i), index, depth + 1, strict, action);
                }
            } else {
                for (Object element : list) {
                    visitElements(element, index, depth + 1, strict, action);
                }
            }
        } else if (value instanceof Map) {
            for (Object element : ((Map<?, ?>) value).values()) {
                visitElements(element, index, depth + 1, strict, action);
            }
        } else if (value != null && strict) {
            throw new FieldPathException("Cannot read field path '" + text + "' at segment '"
                + segments.get(index) + "': '" + prefix(index, depth) + "' is a " + value.getClass().getName()
                + "; [*] applies only to a list or a map");
        }
    }

    /** @return the value for a string key, or {@link #MISSING}; tolerates maps that reject string keys */
    static Object lookup(Map<?, ?> map, String key) {
        try {
            Object value = map.get(key);
            if (value == null && !map.containsKey(key)) {
                return MISSING;
            }
            return value;
        } catch (ClassCastException | NullPointerException e) {
            return MISSING;
        }
    }

    private FieldPathException notAMap(int index, Object value) {
        String what = index == 0 ? "the root value" : "'" + prefix(index - 1, segments.get(index - 1).elements()) + "'";
        return new FieldPathException("Cannot read field path '" + text + "' at segment '" + segments.get(index)
            + "': " + what + " is a " + value.getClass().getName() + ", not a map");
    }

    private FieldPathException missingKey(int index) {
        String where = index == 0 ? "the root map"
            : "the map at '" + prefix(index - 1, segments.get(index - 1).elements()) + "'";
        return new FieldPathException("Cannot read field path '" + text + "' at segment '" + segments.get(index)
            + "': " + where + " has no key '" + segments.get(index).name() + "'");
    }

    /** @return the text of segments 0..index, the last one with {@code elements} times {@code [*]} */
    private String prefix(int index, int elements) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < index; i++) {
            segments.get(i).appendTo(sb, true);
            sb.append('.');
        }
        segments.get(index).appendTo(sb, false);
        for (int e = 0; e < elements; e++) {
            sb.append("[*]");
        }
        return sb.toString();
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
            return pattern ? globMatches(name, fieldName) : name.equals(fieldName);
        }

        /** @return true if some name could be matched by both this segment and {@code other} */
        boolean overlaps(Segment other) {
            if (!pattern) {
                return other.matches(name);
            }
            if (!other.pattern) {
                return matches(other.name);
            }
            return globsIntersect(name, other.name, 0, 0, new boolean[(name.length() + 1) * (other.name.length() + 1)]);
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

    /** Glob match where only {@code *} is special; linear backtracking, no allocation. */
    static boolean globMatches(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        int pn = pattern.length();
        int sn = s.length();
        while (i < sn) {
            if (p < pn && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (p < pn && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pn && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pn;
    }

    /** @return true if some string matches both globs; a search over pairs of pattern positions */
    private static boolean globsIntersect(String a, String b, int i, int j, boolean[] seen) {
        int slot = i * (b.length() + 1) + j;
        if (seen[slot]) {
            return false;
        }
        seen[slot] = true;
        boolean aEnd = i == a.length();
        boolean bEnd = j == b.length();
        if (aEnd && bEnd) {
            return true;
        }
        boolean aStar = !aEnd && a.charAt(i) == '*';
        boolean bStar = !bEnd && b.charAt(j) == '*';
        if (aStar && globsIntersect(a, b, i + 1, j, seen)) {
            return true;
        }
        if (bStar && globsIntersect(a, b, i, j + 1, seen)) {
            return true;
        }
        if (aEnd || bEnd) {
            return false;
        }
        if (aStar && !bStar) {
            return globsIntersect(a, b, i, j + 1, seen);
        }
        if (bStar && !aStar) {
            return globsIntersect(a, b, i + 1, j, seen);
        }
        return !aStar && a.charAt(i) == b.charAt(j) && globsIntersect(a, b, i + 1, j + 1, seen);
    }
}
