package io.cdckit.core.document;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads MongoDB Extended JSON (canonical, relaxed and the legacy strict mode, as
 * {@code org.bson.json.JsonWriter} writes them) into typed Java values ({@link BsonValues},
 * {@link BsonKind}), deciding types as {@code org.bson.json.JsonReader} does: an integer that fits
 * in 32 bits is INT32, another integer INT64, a number with a fraction or exponent DOUBLE (as are
 * the bare {@code NaN}, {@code Infinity} and {@code -Infinity}); a type wrapper ({@code $oid},
 * {@code $date}, {@code $numberLong}, ...) is recognised by the first key of its object, and where
 * org.bson goes back to the object's start when the rest is not the wrapper's form
 * ({@code $binary}, {@code $type}, {@code $regex}, {@code $options}) so does this reader, reading a
 * plain document ({@code {"$type": "string"}}, a stored query filter). A key seen
 * twice in one object keeps its first place and its last value. The MongoDB shell's constructors
 * ({@code ObjectId("...")}, {@code NumberLong(...)}) are not read.
 *
 * <p>Over 400 lines: one tokenizer and the readers of every type wrapper of the three modes,
 * which share its position and error reporting; split up, each part would need the scanner's state.
 *
 * <p>Malformed text is a {@link DocumentException} giving the offset and what was expected, never
 * the text itself. Nesting deeper than {@link #MAX_DEPTH} is one too, as is a
 * {@code $numberDecimal} that Decimal128 cannot hold (naming its field path); a decimal's text is
 * kept as {@code Decimal128.toString} gives it. One hand-written pass over the characters; thread-safe (no state between calls).
 */
public final class ExtendedJson {

    private static final DateTimeFormatter ISO_DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /**
     * The deepest nesting of arrays and objects read. MongoDB stores documents nested at most 100
     * levels deep, so real change events stay far below; 500 leaves room for the wrappers' own
     * objects ({@code $code}/{@code $scope}, {@code $dbPointer}) and for documents other tools
     * build, while the recursion of this reader, of {@link DocumentConverter} and of
     * {@link ExtendedJsonWriter} over 500 levels stays a few hundred small frames, far from the
     * default thread stack (512 KB to 1 MB) overflowing.
     */
    public static final int MAX_DEPTH = 500;

    private final String text;
    private int pos;
    private int depth;
    /** keys[d]: the key being read in the document at depth d (null for an array), for error paths. */
    private String[] keys = new String[16];

    private ExtendedJson(String text) {
        this.text = text;
    }

    /**
     * Reads one JSON object.
     *
     * @throws DocumentException if the text is not one extended-JSON object
     */
    public static LinkedHashMap<String, Object> parseDocument(String text) {
        ExtendedJson r = new ExtendedJson(text);
        r.skipSpace();
        if (r.peek() != '{') {
            throw r.error("an object");
        }
        Object v = r.value();
        r.skipSpace();
        if (r.pos != text.length()) {
            throw r.error("the end of the text");
        }
        if (!(v instanceof LinkedHashMap)) {
            throw new DocumentException("extended JSON: the text is a " + BsonKind.of(v) + " wrapper, not a document");
        }
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Object> doc = (LinkedHashMap<String, Object>) v;
        return doc;
    }

    /** Reads one JSON value (of any type, wrappers included). */
    public static Object parseValue(String text) {
        ExtendedJson r = new ExtendedJson(text);
        r.skipSpace();
        Object v = r.value();
        r.skipSpace();
        if (r.pos != text.length()) {
            throw r.error("the end of the text");
        }
        return v;
    }

    // ------------------------------------------------------------------ tokens

    private DocumentException error(String expected) {
        return new DocumentException("extended JSON: expected " + expected + " at offset " + pos
                + (pos >= text.length() ? " (end of text)" : ""));
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private Object value() {
        skipSpace();
        char c = peek();
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
            case '\'':
                return string();
            case 't':
                word("true");
                return Boolean.TRUE;
            case 'f':
                word("false");
                return Boolean.FALSE;
            case 'n':
                word("null");
                return null;
            case 'N':
                word("NaN");
                return Double.NaN;
            case 'I':
                word("Infinity");
                return Double.POSITIVE_INFINITY;
            case 'u':
                word("undefined");
                return BsonValues.Marker.UNDEFINED;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("a value");
        }
    }

    private void word(String w) {
        if (!text.startsWith(w, pos)) {
            throw error("a value");
        }
        pos += w.length();
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
            if (peek() == 'I') {
                word("Infinity");
                return Double.NEGATIVE_INFINITY;
            }
        }
        boolean fractional = false;
        int digits = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && fractional)) {
                fractional = true;
            } else {
                break;
            }
            pos++;
        }
        if (digits == 0) {
            pos = start;
            throw error("a number");
        }
        if (!fractional && digits <= 18) {
            // an integer of at most 18 digits fits in a long: no text to parse
            long v = 0;
            int i = text.charAt(start) == '-' ? start + 1 : start;
            for (; i < pos; i++) {
                v = v * 10 + (text.charAt(i) - '0');
            }
            if (text.charAt(start) == '-') {
                v = -v;
            }
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        }
        String lexeme = text.substring(start, pos);
        try {
            if (fractional) {
                return Double.parseDouble(lexeme);
            }
            long v = Long.parseLong(lexeme);
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
        } catch (NumberFormatException e) {
            pos = start;
            throw error("a number within the range of a 64-bit integer or a double");
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = null;
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, pos);
                pos++;
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"': case '\\': case '/': case '\'':
                        sb.append(e);
                        break;
                    case 'b':
                        sb.append('\b');
                        break;
                    case 'f':
                        sb.append('\f');
                        break;
                    case 'n':
                        sb.append('\n');
                        break;
                    case 'r':
                        sb.append('\r');
                        break;
                    case 't':
                        sb.append('\t');
                        break;
                    case 'u':
                        if (pos + 4 > text.length() || !isHex(text.substring(pos, pos + 4))) {
                            throw error("four hex digits");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("four hex digits");
                        }
                        pos += 4;
                        break;
                    default:
                        pos--;
                        throw error("an escape sequence");
                }
                start = pos;
            } else {
                pos++;
            }
        }
        throw error("the end of a string");
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new DocumentException("extended JSON: nesting deeper than " + MAX_DEPTH + " levels at offset " + pos);
        }
        if (depth == keys.length) {
            keys = java.util.Arrays.copyOf(keys, keys.length * 2);
        }
        keys[depth] = null;
    }

    /** The field path of the value being read (the keys of the documents it is in), or "(the value)". */
    private String path() {
        String path = "";
        for (int d = 1; d < depth; d++) {
            if (keys[d] != null) {
                path = DocumentSchemas.join(path, keys[d]);
            }
        }
        return path.isEmpty() ? "(the value)" : path;
    }

    private List<Object> array() {
        enter();
        try {
            return arrayBody();
        } finally {
            depth--;
        }
    }

    private List<Object> arrayBody() {
        pos++;
        List<Object> out = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            out.add(value());
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("',' or ']'");
            }
        }
    }

    private String key() {
        skipSpace();
        char c = peek();
        if (c != '"' && c != '\'') {
            throw error("a quoted key");
        }
        String k = string();
        expect(':');
        return k;
    }

    private Object object() {
        enter();
        try {
            return objectBody();
        } finally {
            depth--;
        }
    }

    /**
     * As {@code org.bson.json.JsonReader}: an object whose first key names a wrapper is that
     * wrapper; for the wrappers org.bson reads with a mark ({@code $binary}, {@code $type},
     * {@code $regex}, {@code $options}) an object that does not have the wrapper's form is read
     * again from its first key as a plain document (a stored query filter
     * {@code {"$type": "string"}}, {@code {"$regex": "a"}}).
     */
    private Object objectBody() {
        int open = pos;
        pos++;
        skipSpace();
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        if (peek() == '}') {
            pos++;
            return out;
        }
        int firstKey = pos;
        String first = key();
        if (first.length() > 1 && first.charAt(0) == '$') {
            Object wrapped = wrapper(first, open);
            if (wrapped != NOT_A_WRAPPER) {
                return wrapped;
            }
            pos = firstKey;
            first = key();
        }
        keys[depth] = first;
        out.put(first, value());
        while (true) {
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("',' or '}'");
            }
            String k = key();
            keys[depth] = k;
            out.put(k, value());
        }
    }

    private static final Object NOT_A_WRAPPER = new Object();

    /** The value of an object whose first key is {@code key} (already read, with its colon). */
    private Object wrapper(String key, int open) {
        switch (key) {
            case "$oid": {
                String hex = stringValue();
                if (hex.length() != 24 || !isHex(hex)) {
                    throw new DocumentException("extended JSON: $oid needs 24 hex digits at offset " + open);
                }
                end();
                return new BsonValues.ObjectId(lowerHex(hex));
            }
            case "$date": {
                skipSpace();
                long millis;
                char c = peek();
                if (c == '"' || c == '\'') {
                    millis = isoDate(string(), open);
                } else if (c == '{') {
                    pos++;
                    String k = key();
                    if (!"$numberLong".equals(k)) {
                        throw error("$numberLong in $date");
                    }
                    millis = parseLong(stringValue(), open);
                    end();
                } else {
                    Object n = value();
                    if (n instanceof Integer || n instanceof Long) {
                        millis = ((Number) n).longValue();
                    } else if (n instanceof Double) {
                        millis = ((Double) n).longValue();
                    } else {
                        throw error("a date");
                    }
                }
                end();
                return new BsonValues.DateTime(millis);
            }
            case "$numberLong": {
                long v = parseLong(stringValue(), open);
                end();
                return v;
            }
            case "$numberInt": {
                String s = stringValue();
                int v;
                try {
                    v = Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    throw new DocumentException("extended JSON: $numberInt is not a 32-bit integer at offset " + open);
                }
                end();
                return v;
            }
            case "$numberDouble": {
                String s = stringValue();
                double v;
                switch (s) {
                    case "Infinity":
                        v = Double.POSITIVE_INFINITY;
                        break;
                    case "-Infinity":
                        v = Double.NEGATIVE_INFINITY;
                        break;
                    case "NaN":
                        v = Double.NaN;
                        break;
                    default:
                        try {
                            v = Double.parseDouble(s);
                        } catch (NumberFormatException e) {
                            throw new DocumentException("extended JSON: $numberDouble is not a number at offset " + open);
                        }
                }
                end();
                return v;
            }
            case "$numberDecimal": {
                String s = decimal128(stringValue());
                if (s == null) {
                    throw new DocumentException("extended JSON: document field '" + path() + "': $numberDecimal at offset "
                            + open + " is not a decimal Decimal128 can hold (34 significant digits, exponent "
                            + DECIMAL_MIN_EXPONENT + " to " + DECIMAL_MAX_EXPONENT + ")");
                }
                end();
                return new BsonValues.Decimal(s);
            }
            case "$binary":
                return binary(open);
            case "$type": {
                // legacy binary written type first; anything else is a plain document
                int type = legacySubtype(stringOrNull());
                if (type < 0 || !next(',') || !"$binary".equals(keyOrNull())) {
                    return NOT_A_WRAPPER;
                }
                String data = stringOrNull();
                if (data == null || !next('}')) {
                    return NOT_A_WRAPPER;
                }
                return new BsonValues.Binary(type, base64(data, open));
            }
            case "$uuid": {
                String s = stringValue();
                byte[] data = uuid(s, open);
                end();
                return new BsonValues.Binary(4, data);
            }
            case "$regex":
            case "$options": {
                // both keys, either first, both strings, nothing else; or a plain document
                String a = stringOrNull();
                if (a == null || !next(',') || !("$regex".equals(key) ? "$options" : "$regex").equals(keyOrNull())) {
                    return NOT_A_WRAPPER;
                }
                String b = stringOrNull();
                if (b == null || !next('}')) {
                    return NOT_A_WRAPPER;
                }
                return "$regex".equals(key) ? new BsonValues.Regex(a, sortOptions(b))
                        : new BsonValues.Regex(b, sortOptions(a));
            }
            case "$regularExpression": {
                Object[] p = pair("pattern", "options", "$regularExpression");
                if (!(p[0] instanceof String) || !(p[1] instanceof String)) {
                    throw error("string pattern and options in $regularExpression");
                }
                end();
                return new BsonValues.Regex((String) p[0], sortOptions((String) p[1]));
            }
            case "$timestamp": {
                Object[] p = pair("t", "i", "$timestamp");
                end();
                return new BsonValues.Timestamp(unsigned32(p[0], open), unsigned32(p[1], open));
            }
            case "$symbol": {
                String s = stringValue();
                end();
                return new BsonValues.Symbol(s);
            }
            case "$code": {
                String code = stringValue();
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    if (!"$scope".equals(key())) {
                        throw error("$scope after $code");
                    }
                    skipSpace();
                    if (peek() != '{') {
                        throw error("a $scope document");
                    }
                    Object scope = value();
                    if (!(scope instanceof LinkedHashMap)) {
                        throw error("a $scope document");
                    }
                    end();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> s = (Map<String, Object>) scope;
                    return new BsonValues.CodeWithScope(code, s);
                }
                end();
                return new BsonValues.Code(code);
            }
            case "$minKey":
                marker();
                return BsonValues.Marker.MIN_KEY;
            case "$maxKey":
                marker();
                return BsonValues.Marker.MAX_KEY;
            case "$undefined":
                if (!Boolean.TRUE.equals(value())) {
                    throw error("true in $undefined");
                }
                end();
                return BsonValues.Marker.UNDEFINED;
            case "$dbPointer": {
                Object[] p = pair("$ref", "$id", "$dbPointer");
                if (!(p[0] instanceof String) || !(p[1] instanceof BsonValues.ObjectId)) {
                    throw error("a string $ref and an ObjectId $id in $dbPointer");
                }
                end();
                return new BsonValues.DbPointer((String) p[0], (BsonValues.ObjectId) p[1]);
            }
            default:
                return NOT_A_WRAPPER;
        }
    }

    /**
     * The values of an object {@code {"<first>": ..., "<second>": ...}} (either order, both once,
     * nothing else), its closing brace read.
     */
    private Object[] pair(String first, String second, String wrapper) {
        expect('{');
        Object[] out = new Object[2];
        boolean[] seen = new boolean[2];
        for (int i = 0; i < 2; i++) {
            String k = key();
            int slot = first.equals(k) ? 0 : second.equals(k) ? 1 : -1;
            if (slot < 0 || seen[slot]) {
                throw error(first + " and " + second + " in " + wrapper);
            }
            seen[slot] = true;
            out[slot] = value();
            if (i == 0) {
                expect(',');
            }
        }
        end();
        return out;
    }

    private void end() {
        expect('}');
    }

    private void marker() {
        Object v = value();
        if (!(v instanceof Integer) || (Integer) v != 1) {
            throw error("1");
        }
        end();
    }

    private String stringValue() {
        skipSpace();
        char c = peek();
        if (c != '"' && c != '\'') {
            throw error("a string");
        }
        return string();
    }

    private Object binary(int open) {
        skipSpace();
        if (peek() == '{') {
            Object[] p = pair("base64", "subType", "$binary");
            if (!(p[0] instanceof String) || !(p[1] instanceof String)) {
                throw error("string base64 and subType in $binary");
            }
            end();
            return new BsonValues.Binary(hexByte((String) p[1], open), base64((String) p[0], open));
        }
        // the legacy form: anything but {"$binary": "<base64>", "$type": "<hex>"} is a plain document
        String data = stringOrNull();
        if (data == null || !next(',') || !"$type".equals(keyOrNull())) {
            return NOT_A_WRAPPER;
        }
        int type = legacySubtype(stringOrNull());
        if (type < 0 || !next('}')) {
            return NOT_A_WRAPPER;
        }
        return new BsonValues.Binary(type, base64(data, open));
    }

    /** A string value, or null (nothing read) if the next value is not one. */
    private String stringOrNull() {
        skipSpace();
        char c = peek();
        if (c != '"' && c != '\'') {
            return null;
        }
        return string();
    }

    /** A key and its colon, or null if the next token is not a quoted key followed by a colon. */
    private String keyOrNull() {
        skipSpace();
        char c = peek();
        if (c != '"' && c != '\'') {
            return null;
        }
        String k = string();
        skipSpace();
        if (peek() != ':') {
            return null;
        }
        pos++;
        return k;
    }

    /** Whether the next character (after space) is c, reading it if so. */
    private boolean next(char c) {
        skipSpace();
        if (peek() != c) {
            return false;
        }
        pos++;
        return true;
    }

    /**
     * A legacy {@code $type} as org.bson reads it, {@code (byte) Integer.parseInt(s, 16)} (so
     * {@code "100"} is 0 and {@code "-1"} 0xff), or -1 where that fails (then the object is a
     * plain document).
     */
    private static int legacySubtype(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Integer.parseInt(s, 16) & 0xff;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int hexByte(String s, int open) {
        if (s.isEmpty() || s.length() > 2 || !isHex(s)) {
            throw new DocumentException("extended JSON: a binary subtype needs one or two hex digits at offset " + open);
        }
        return Integer.parseInt(s, 16);
    }

    private static byte[] base64(String s, int open) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new DocumentException("extended JSON: binary data is not base64 at offset " + open);
        }
    }

    private static byte[] uuid(String s, int open) {
        String hex = s.replace("-", "");
        if (s.length() != 36 || hex.length() != 32 || !isHex(hex)) {
            throw new DocumentException("extended JSON: $uuid is not a UUID at offset " + open);
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static long parseLong(String s, int open) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new DocumentException("extended JSON: $numberLong is not a 64-bit integer at offset " + open);
        }
    }

    private static long unsigned32(Object v, int open) {
        if (v instanceof Integer || v instanceof Long) {
            long l = ((Number) v).longValue();
            if (l >= 0 && l <= 0xFFFFFFFFL) {
                return l;
            }
        }
        throw new DocumentException("extended JSON: $timestamp needs unsigned 32-bit t and i at offset " + open);
    }

    /** org.bson writes ObjectIds in lower case: lower-casing allocates only for other text. */
    private static String lowerHex(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (c >= 'A' && c <= 'F') {
                return hex.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return hex;
    }

    /**
     * The relaxed mode's {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}, as org.bson writes it, read without a
     * formatter; other ISO-8601 forms (offsets, other fractions) through one.
     */
    private static long isoDate(String s, int open) {
        int n = s.length();
        if ((n == 20 || n == 24) && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-'
                && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':' && (n == 20 || s.charAt(19) == '.')) {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            int millis = n == 24 ? digits(s, 20, 3) : 0;
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month)
                    .lengthOfMonth() && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0
                    && second < 60 && millis >= 0) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
            }
        }
        return isoDateSlow(s, open);
    }

    /** The digits of s[from, from + count) as a number, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static long isoDateSlow(String s, int open) {
        try {
            return OffsetDateTime.parse(s, ISO_DATE).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new DocumentException("extended JSON: $date is not an ISO-8601 date-time at offset " + open);
        }
    }

    private static final int DECIMAL_MAX_EXPONENT = 6111;
    private static final int DECIMAL_MIN_EXPONENT = -6176;
    private static final int DECIMAL_DIGITS = 34;

    /**
     * The text as {@code Decimal128.parse(s).toString()} gives it ({@code "1e3"} is {@code "1E+3"},
     * {@code "inf"} is {@code "Infinity"}, {@code "-0"} stays {@code "-0"}), or null where
     * {@code Decimal128.parse} refuses it: not a number, more than 34 significant digits unless
     * the others are zeros, an exponent out of range. org.bson's clamping and exact rounding,
     * step by step.
     */
    static String decimal128(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": case "-nan":
                return "NaN";
            case "inf": case "+inf": case "infinity": case "+infinity":
                return "Infinity";
            case "-inf": case "-infinity":
                return "-Infinity";
            default:
                break;
        }
        java.math.BigDecimal v;
        try {
            v = new java.math.BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        java.math.BigInteger unscaled = v.unscaledValue();
        long exponent = -(long) v.scale();
        if (exponent > DECIMAL_MAX_EXPONENT) {
            // clamped: zeros appended to the significand, if it has room for them
            long diff = exponent - DECIMAL_MAX_EXPONENT;
            if (unscaled.signum() == 0) {
                v = new java.math.BigDecimal(unscaled, -DECIMAL_MAX_EXPONENT);
            } else if (diff + v.precision() > DECIMAL_DIGITS) {
                return null;
            } else {
                v = new java.math.BigDecimal(unscaled.multiply(java.math.BigInteger.TEN.pow((int) diff)),
                        v.scale() + (int) diff);
            }
        } else if (exponent < DECIMAL_MIN_EXPONENT) {
            // digits dropped from the right: only zeros may go
            long diff = DECIMAL_MIN_EXPONENT - exponent;
            String digits = unscaled.abs().toString();
            long kept = Math.max(0, digits.length() - diff);
            if (!zerosFrom(digits, (int) kept)) {
                return null;
            }
            java.math.BigInteger divisor = kept == 0 ? java.math.BigInteger.ONE
                    : java.math.BigInteger.TEN.pow((int) diff);
            v = new java.math.BigDecimal(unscaled.divide(divisor), -DECIMAL_MIN_EXPONENT);
        } else {
            java.math.BigDecimal rounded = v.round(java.math.MathContext.DECIMAL128);
            int extra = v.precision() - rounded.precision();
            if (extra > 0 && !zerosFrom(unscaled.abs().toString(), Math.max(0, v.precision() - extra))) {
                return null;
            }
            v = rounded;
        }
        if (-(long) v.scale() < DECIMAL_MIN_EXPONENT || -(long) v.scale() > DECIMAL_MAX_EXPONENT
                || v.unscaledValue().bitLength() > 113) {
            return null;
        }
        // BigDecimal.toString is Decimal128's notation (plain when the exponent is <= 0 and the
        // adjusted exponent >= -6, else d.dddE+n); Decimal128 keeps the sign of a zero
        String out = v.toString();
        return v.signum() == 0 && s.charAt(0) == '-' ? "-" + out : out;
    }

    private static boolean zerosFrom(String digits, int from) {
        for (int i = from; i < digits.length(); i++) {
            if (digits.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** org.bson keeps regex options sorted. */
    private static String sortOptions(String options) {
        if (options.length() < 2) {
            return options;
        }
        char[] c = options.toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }
}
