package io.cdckit.smt.routing.expr;

import groovy.lang.Closure;
import groovy.lang.Range;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sandbox lets an expression do, by the runtime type of the receiver: the kinds of
 * objects an expression can hold (text, numbers, the record's Structs, Maps, Lists, schemas and
 * headers, what the allowed methods return) and, per kind, the methods it may call. Everything
 * else is refused. The methods are reads: none modifies its receiver (so the record is never
 * changed), none reaches a class, a class loader, the file system, the network, a process or a
 * thread. Static members: of the classes in {@link #CLASSES} only.
 */
final class AllowList {

    /** The kinds of receivers, each with its methods. */
    enum Kind {
        STRING, NUMBER, BOOLEAN, CHARACTER, COLLECTION, MAP, ENTRY, ITERATOR, ARRAY, STRUCT, SCHEMA, FIELD, HEADER,
        MATCHER, PATTERN, CLOSURE, ENUM, DATE, CLASS, NULL, OTHER
    }

    private static final ClassValue<Kind> KINDS = new ClassValue<>() {
        @Override
        protected Kind computeValue(Class<?> c) {
            return kindOf(c);
        }
    };

    /** The methods every allowed kind has. */
    private static final Set<String> COMMON = Set.of("equals", "hashCode", "toString", "compareTo", "is", "isCase",
            "asBoolean");

    private static final Set<String> STRING = with("length", "size", "isEmpty", "isBlank", "charAt", "codePointAt",
            "substring", "subSequence", "indexOf", "lastIndexOf", "startsWith", "endsWith", "contains",
            "equalsIgnoreCase", "compareToIgnoreCase", "contentEquals", "trim", "strip", "stripLeading",
            "stripTrailing", "toUpperCase", "toLowerCase", "matches", "replace", "replaceAll", "replaceFirst", "split",
            "concat", "repeat", "getAt", "take", "drop", "takeRight", "dropRight", "takeWhile", "dropWhile", "reverse",
            "capitalize", "uncapitalize", "padLeft", "padRight", "center", "multiply", "plus", "minus", "next",
            "previous", "isNumber", "isInteger", "isLong", "isBigInteger", "isBigDecimal", "isDouble", "isFloat",
            "isAllWhitespace", "toInteger", "toLong", "toBigInteger", "toBigDecimal", "toDouble", "toFloat", "toBoolean",
            "toCharacter", "toList", "toSet", "tokenize", "count", "find", "findAll", "readLines", "stripIndent",
            "stripMargin", "normalize", "denormalize", "collect", "each", "eachWithIndex", "every", "any",
            "bitwiseNegate");

    private static final Set<String> NUMBER = with("intValue", "longValue", "doubleValue", "floatValue", "shortValue",
            "byteValue", "toInteger", "toLong", "toDouble", "toFloat", "toBigDecimal", "toBigInteger", "abs", "round",
            "trunc", "ceil", "floor", "plus", "minus", "multiply", "div", "intdiv", "mod", "remainder", "power",
            "negate", "negative", "positive", "next", "previous", "max", "min", "signum", "scale", "precision",
            "unscaledValue", "setScale", "stripTrailingZeros", "toPlainString", "toEngineeringString",
            "toBigIntegerExact", "intValueExact", "longValueExact", "movePointLeft", "movePointRight",
            "scaleByPowerOfTen", "isNaN", "isInfinite", "times", "upto", "downto", "step", "bitLength", "bitCount",
            "testBit", "and", "or", "xor", "leftShift", "rightShift", "rightShiftUnsigned", "bitwiseNegate", "gcd",
            "sqrt");

    private static final Set<String> BOOLEAN = with("and", "or", "xor", "implies", "booleanValue");

    private static final Set<String> CHARACTER = with("charValue", "isDigit", "isLetter", "isLetterOrDigit",
            "isWhitespace", "isUpperCase", "isLowerCase", "toUpperCase", "toLowerCase", "plus", "minus", "next",
            "previous");

    /** Reading methods of Lists, Sets, ranges and arrays; {@code sort} and {@code unique} (which change a list) are not. */
    private static final Set<String> COLLECTION = with("size", "isEmpty", "contains", "containsAll", "getAt", "get",
            "indexOf", "lastIndexOf", "first", "last", "head", "tail", "init", "take", "drop", "takeRight", "dropRight",
            "takeWhile", "dropWhile", "subList", "each", "eachWithIndex", "reverseEach", "collect", "collectMany",
            "collectEntries", "collectNested", "find", "findAll", "findResult", "findResults", "findIndexOf",
            "findLastIndexOf", "findIndexValues", "grep", "any", "every", "count", "countBy", "groupBy", "inject", "sum",
            "max", "min", "toSorted", "toUnique", "reverse", "join", "plus", "minus", "multiply", "intersect",
            "disjoint", "flatten", "withIndex", "indexed", "toList", "toSet", "asList", "iterator", "average", "collate",
            "split", "asImmutable", "asUnmodifiable", "getFrom", "getTo", "isReverse", "step", "containsWithinBounds",
            "length");

    private static final Set<String> MAP = with("size", "isEmpty", "get", "getAt", "getOrDefault", "containsKey",
            "containsValue", "keySet", "values", "entrySet", "each", "eachWithIndex", "collect", "collectEntries",
            "collectMany", "find", "findAll", "findResult", "findResults", "any", "every", "count", "countBy", "groupBy",
            "inject", "subMap", "plus", "minus", "toSorted", "sort", "min", "max", "take", "drop", "asImmutable",
            "asUnmodifiable");

    private static final Set<String> ENTRY = with("getKey", "getValue");
    private static final Set<String> ITERATOR = with("hasNext", "next");
    private static final Set<String> STRUCT = with("get", "getString", "getInt8", "getInt16", "getInt32", "getInt64",
            "getFloat32", "getFloat64", "getBoolean", "getBytes", "getArray", "getMap", "getStruct",
            "getWithoutDefault", "schema");
    private static final Set<String> SCHEMA = with("type", "name", "version", "doc", "parameters", "field", "fields",
            "isOptional", "defaultValue", "keySchema", "valueSchema", "schema");
    private static final Set<String> FIELD = with("name", "index", "schema");
    private static final Set<String> HEADER = with("key", "value", "schema");
    private static final Set<String> MATCHER = with("matches", "find", "lookingAt", "group", "groupCount", "start",
            "end", "hitEnd", "getAt", "getCount", "hasGroup", "iterator", "each", "size");
    private static final Set<String> PATTERN = with("matcher", "split", "pattern", "flags");
    private static final Set<String> CLOSURE = with("call", "curry", "rcurry");
    private static final Set<String> ENUM = with("name", "ordinal", "getName", "isPrimitive");
    private static final Set<String> DATE = with("getTime", "before", "after");
    /** What Groovy lets a {@code null} receiver do besides failing. */
    private static final Set<String> NULL = with("plus", "iterator");

    /**
     * The classes an expression may name ({@code x instanceof String}, {@code Math.max(a, b)},
     * {@code x as BigDecimal}), with the static methods it may call on each (null: every public
     * static method, for {@code Math}).
     */
    private static final Map<Class<?>, Set<String>> CLASSES = Map.ofEntries(
            Map.entry(Object.class, Set.of()),
            Map.entry(String.class, Set.of("valueOf", "join")),
            Map.entry(CharSequence.class, Set.of()),
            Map.entry(Number.class, Set.of()),
            Map.entry(Integer.class, Set.of("parseInt", "valueOf", "toString", "toHexString", "toBinaryString", "max",
                    "min", "sum", "compare", "signum", "decode")),
            Map.entry(Long.class, Set.of("parseLong", "valueOf", "toString", "toHexString", "toBinaryString", "max",
                    "min", "sum", "compare", "signum", "decode")),
            Map.entry(Short.class, Set.of("parseShort", "valueOf", "toString", "compare")),
            Map.entry(Byte.class, Set.of("parseByte", "valueOf", "toString", "compare")),
            Map.entry(Double.class, Set.of("parseDouble", "valueOf", "toString", "isNaN", "isInfinite", "isFinite",
                    "compare", "max", "min", "sum")),
            Map.entry(Float.class, Set.of("parseFloat", "valueOf", "toString", "isNaN", "isInfinite", "isFinite",
                    "compare", "max", "min", "sum")),
            Map.entry(Boolean.class, Set.of("parseBoolean", "valueOf", "toString", "logicalAnd", "logicalOr",
                    "logicalXor", "compare")),
            Map.entry(Character.class, Set.of("isDigit", "isLetter", "isLetterOrDigit", "isWhitespace", "isUpperCase",
                    "isLowerCase", "toUpperCase", "toLowerCase", "valueOf", "getNumericValue", "toString")),
            Map.entry(Math.class, Set.of()), // every static method: see staticAllowed
            Map.entry(BigDecimal.class, Set.of("valueOf")),
            Map.entry(BigInteger.class, Set.of("valueOf")),
            Map.entry(RoundingMode.class, Set.of("valueOf")),
            Map.entry(Objects.class, Set.of("equals", "isNull", "nonNull", "toString", "requireNonNullElse", "compare")),
            Map.entry(List.class, Set.of("of", "copyOf")),
            Map.entry(Set.class, Set.of("of", "copyOf")),
            Map.entry(Map.class, Set.of("of", "entry", "copyOf")),
            Map.entry(Collection.class, Set.of()),
            Map.entry(Iterable.class, Set.of()),
            Map.entry(Struct.class, Set.of()),
            Map.entry(Schema.class, Set.of()),
            Map.entry(Schema.Type.class, Set.of("valueOf")),
            Map.entry(Field.class, Set.of()),
            Map.entry(Date.class, Set.of()));

    /** The primitive types an expression may name ({@code (int) x}, {@code long n = ...}). */
    private static final Set<Class<?>> PRIMITIVES = Set.of(int.class, long.class, short.class, byte.class,
            double.class, float.class, boolean.class, char.class);

    /** The classes {@code x as T} and {@code (T) x} may convert to. */
    private static final Set<Class<?>> CASTS = Set.of(Object.class, String.class, CharSequence.class, Number.class,
            Integer.class, Long.class, Short.class, Byte.class, Double.class, Float.class, Boolean.class,
            Character.class, BigDecimal.class, BigInteger.class, List.class, Set.class, Collection.class, Map.class,
            Iterable.class);

    /** The classes {@code new T(...)} may make. */
    private static final Set<Class<?>> CONSTRUCTORS = Set.of(BigDecimal.class, BigInteger.class);

    private AllowList() {
    }

    private static Set<String> with(String... names) {
        Set<String> s = new HashSet<>(COMMON);
        s.addAll(List.of(names));
        return Set.copyOf(s);
    }

    static Kind kind(Object o) {
        return o == null ? Kind.NULL : KINDS.get(o.getClass());
    }

    private static Kind kindOf(Class<?> c) {
        if (Closure.class.isAssignableFrom(c)) {
            return Kind.CLOSURE;
        }
        if (CharSequence.class.isAssignableFrom(c)) {
            return c == String.class || groovy.lang.GString.class.isAssignableFrom(c) ? Kind.STRING : Kind.OTHER;
        }
        if (Number.class.isAssignableFrom(c)) {
            return c.getName().startsWith("java.lang.") || c == BigDecimal.class || c == BigInteger.class
                    ? Kind.NUMBER : Kind.OTHER;
        }
        if (c == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (c == Character.class) {
            return Kind.CHARACTER;
        }
        if (c == Class.class) {
            return Kind.CLASS;
        }
        if (Struct.class.isAssignableFrom(c)) {
            return Kind.STRUCT;
        }
        if (Schema.class.isAssignableFrom(c)) {
            return Kind.SCHEMA;
        }
        if (c == Field.class) {
            return Kind.FIELD;
        }
        if (Header.class.isAssignableFrom(c)) {
            return Kind.HEADER;
        }
        if (Map.Entry.class.isAssignableFrom(c)) {
            return Kind.ENTRY;
        }
        if (Map.class.isAssignableFrom(c)) {
            return Kind.MAP;
        }
        if (Collection.class.isAssignableFrom(c) || Range.class.isAssignableFrom(c)) {
            return Kind.COLLECTION;
        }
        if (Iterator.class.isAssignableFrom(c)) {
            return Kind.ITERATOR;
        }
        if (c.isArray()) {
            return Kind.ARRAY;
        }
        if (c == Matcher.class) {
            return Kind.MATCHER;
        }
        if (c == Pattern.class) {
            return Kind.PATTERN;
        }
        if (c == Schema.Type.class || c == RoundingMode.class) {
            return Kind.ENUM;
        }
        if (c == Date.class) {
            return Kind.DATE;
        }
        return Kind.OTHER;
    }

    /** Whether an object of this kind may be the receiver of a call of {@code method}. */
    static boolean allowed(Kind kind, String method) {
        return switch (kind) {
            case STRING -> STRING.contains(method);
            case NUMBER -> NUMBER.contains(method);
            case BOOLEAN -> BOOLEAN.contains(method);
            case CHARACTER -> CHARACTER.contains(method);
            case COLLECTION, ARRAY -> COLLECTION.contains(method);
            case MAP -> MAP.contains(method);
            case ENTRY -> ENTRY.contains(method);
            case ITERATOR -> ITERATOR.contains(method);
            case STRUCT -> STRUCT.contains(method);
            case SCHEMA -> SCHEMA.contains(method);
            case FIELD -> FIELD.contains(method);
            case HEADER -> HEADER.contains(method);
            case MATCHER -> MATCHER.contains(method);
            case PATTERN -> PATTERN.contains(method);
            case CLOSURE -> CLOSURE.contains(method);
            case ENUM -> ENUM.contains(method);
            case DATE -> DATE.contains(method);
            case NULL -> NULL.contains(method);
            case CLASS, OTHER -> false;
        };
    }

    /** Whether an expression may name this class. */
    static boolean classAllowed(Class<?> c) {
        return CLASSES.containsKey(c) || PRIMITIVES.contains(c);
    }

    /** Whether {@code c.method(...)} is an allowed static call. */
    static boolean staticAllowed(Class<?> c, String method) {
        Set<String> names = CLASSES.get(c);
        if (names == null) {
            return false;
        }
        if (c == Math.class) {
            for (Method m : Math.class.getMethods()) {
                if (m.getName().equals(method) && Modifier.isStatic(m.getModifiers())) {
                    return true;
                }
            }
            return false;
        }
        return names.contains(method);
    }

    /** Whether {@code c.name} (a public static final field of an allowed class, e.g. {@code Integer.MAX_VALUE}) may be read. */
    static java.lang.reflect.Field constant(Class<?> c, String name) {
        if (!CLASSES.containsKey(c)) {
            return null;
        }
        try {
            java.lang.reflect.Field f = c.getField(name);
            int m = f.getModifiers();
            return Modifier.isStatic(m) && Modifier.isFinal(m) && f.getDeclaringClass() == c ? f : null;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    static boolean castAllowed(Class<?> c) {
        return CASTS.contains(c) || PRIMITIVES.contains(c);
    }

    static boolean constructorAllowed(Class<?> c) {
        return CONSTRUCTORS.contains(c);
    }

    /** A type's name for messages: the simple name for java.lang, the full name otherwise. */
    static String typeName(Object o) {
        if (o == null) {
            return "null";
        }
        Class<?> c = o instanceof Class<?> k ? k : o.getClass();
        return c.getName().startsWith("java.lang.") && c.getName().indexOf('.', 10) < 0 ? c.getSimpleName()
                : c.getName();
    }
}
