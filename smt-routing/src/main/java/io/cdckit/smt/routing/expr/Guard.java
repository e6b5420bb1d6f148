/*
 * Over 400 lines because every construct the sandbox routes here is checked in one place and in one
 * order (the allow-list, the bounds, the timed regex paths, then Groovy's own dispatch): read apart,
 * a path that skips one of them would be easy to miss.
 */
package io.cdckit.smt.routing.expr;

import io.cdckit.smt.routing.expr.AllowList.Kind;

import org.codehaus.groovy.runtime.GStringImpl;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.ScriptBytecodeAdapter;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checker the sandbox's compile-time transformation ({@link SandboxTransformer}) routes an
 * expression through: every method call, property read, subscript, operator that is a method call in
 * Groovy ({@code + - * / % ** << >> >>> & | ^}, unary {@code - + ~}), constructor call, cast, range,
 * GString and regex operator of the expression becomes a call of a method here, which decides by the
 * runtime type of the receiver ({@link AllowList}) and then does what Groovy would have done. The
 * transformation also inserts {@link #tick} at loop heads and at the start of closures, where the
 * run's deadline is checked. Public because the generated class calls it;
 * nothing here is meant for other code.
 */
public final class Guard {

    private static final Object[] NONE = new Object[0];
    /** What {@code find} returns for no match, as null is the regex methods' "not handled". */
    private static final Object NO_MATCH = new Object();

    /** Calls whose results are counted against the run's size budget ({@link Bounds#built}). */
    private static final Set<String> BUILDING = Set.of("plus", "multiply", "collect", "collectMany", "collectEntries",
            "collectNested", "flatten", "join", "padLeft", "padRight", "center", "repeat", "replace", "replaceAll",
            "replaceFirst", "concat", "withIndex", "indexed", "collate", "groupBy", "countBy", "toList", "toSet",
            "toSorted", "toUnique", "power", "leftShift", "setScale", "movePointLeft", "movePointRight",
            "scaleByPowerOfTen", "asList", "readLines", "split", "tokenize", "findAll", "sum", "inject", "toString",
            "valueOf");

    /** Calls that can take a collection or map to add their results to (Groovy's collector overloads). */
    private static final Set<String> COLLECTORS = Set.of("collect", "collectMany", "collectEntries", "collectNested");

    private Guard() {
    }

    /** The variable in {@code slot}. */
    public static Object var(Object script, int slot) {
        return ((ExpressionScript) script).slots[slot];
    }

    /**
     * The deadline check at loop heads, closure starts and inside regex matching ({@link Patterns}). The
     * first check of a run starts its clock (no clock is read for a run that never loops, calls a closure
     * or matches at length: {@code System.nanoTime()} costs more than such a whole run).
     */
    public static void tick(Object script) {
        ExpressionScript s = (ExpressionScript) script;
        if (!s.timed) {
            return;
        }
        long now = System.nanoTime();
        if (!s.clocked) {
            s.clocked = true;
            s.deadline = now + s.allowed;
        } else if (now - s.deadline > 0) {
            throw s.violated(ExpressionException.refused("the expression did not finish within " + s.timeoutMillis
                    + " ms (expression.timeout.ms)"));
        }
    }

    /** {@code receiver.name(args)}, {@code receiver?.name(args)}, {@code receiver*.name(args)}. */
    public static Object call(Object script, Object receiver, Object name, boolean safe, boolean spread, List<?> args) {
        if (name instanceof ComputedName c) {
            try {
                return call(script, receiver, c.name, safe, spread, args);
            } catch (RuntimeException e) {
                throw c.withheld((ExpressionScript) script, e);
            }
        }
        ExpressionScript s = (ExpressionScript) script;
        String method = String.valueOf(name);
        Object[] a = args.isEmpty() ? NONE : args.toArray();
        if (spread) {
            if (receiver == null) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (Object e : elements(s, receiver)) {
                out.add(e == null ? null : invoke(s, e, method, a));
            }
            return Bounds.built(s, out);
        }
        if (receiver == null && safe) {
            return null;
        }
        return invoke(s, receiver, method, a);
    }

    /** {@code receiver.name}, {@code receiver?.name}, {@code receiver*.name}. */
    public static Object property(Object script, Object receiver, Object name, boolean safe, boolean spread) {
        if (name instanceof ComputedName c) {
            try {
                return property(script, receiver, c.name, safe, spread);
            } catch (RuntimeException e) {
                throw c.withheld((ExpressionScript) script, e);
            }
        }
        ExpressionScript s = (ExpressionScript) script;
        String p = String.valueOf(name);
        if (spread) {
            if (receiver == null) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (Object e : elements(s, receiver)) {
                out.add(e == null ? null : Properties.get(s, e, p));
            }
            return Bounds.built(s, out);
        }
        if (receiver == null) {
            if (safe) {
                return null;
            }
            throw new ExpressionException("cannot read the property '" + p + "' of null (?. navigates null-safe)",
                    null, false);
        }
        return Properties.get(s, receiver, p);
    }

    /** A method or property name the expression computes ({@code value."${x}"}): it may be a value of the record. */
    public static Object computed(Object script, Object name) {
        return new ComputedName(String.valueOf(name));
    }

    /** {@code left in right} ({@code negated}: {@code !in}); a pattern's match read through the run's deadline. */
    public static Object in(Object script, Object left, Object right, boolean negated) {
        ExpressionScript s = (ExpressionScript) script;
        boolean r;
        if (right instanceof Pattern p) {
            r = left != null && p.matcher(Patterns.timed(s, textOf(s, left))).matches();
        } else {
            try {
                r = ScriptBytecodeAdapter.isCase(left, right);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExpressionException("'in' failed: " + t.getClass().getName(), null, false);
            }
        }
        return negated != r;
    }

    /**
     * A list or map literal, measured at every depth: a literal can hold one large value many times
     * over ({@code [a, a]}), and what walks it (equality, hashing, {@code in}) walks every copy.
     */
    public static Object literal(Object script, Object value) {
        Bounds.expansion((ExpressionScript) script, value, "a list or map");
        return value;
    }

    /** {@code receiver[index]}, {@code receiver?[index]}. */
    public static Object subscript(Object script, Object receiver, Object index, boolean safe, boolean computed) {
        if (computed && index != null) { // a key the expression computes may be a value of the record
            ComputedName name = new ComputedName(String.valueOf(index));
            try {
                return subscript(script, receiver, index, safe, false);
            } catch (RuntimeException e) {
                throw name.withheld((ExpressionScript) script, e);
            }
        }
        ExpressionScript s = (ExpressionScript) script;
        if (receiver == null) {
            if (safe) {
                return null;
            }
            throw new ExpressionException("cannot subscript null (?[] navigates null-safe)", null, false);
        }
        if (receiver instanceof Map<?, ?> m) {
            return m.get(index);
        }
        return invoke(s, receiver, "getAt", new Object[] {index});
    }

    /** A binary operator that Groovy turns into a call of {@code method} on the left operand. */
    public static Object operator(Object script, String method, Object left, Object right) {
        if (left instanceof String l && right instanceof String r && method.equals("plus")) {
            return Bounds.built((ExpressionScript) script, l.concat(r)); // what String.plus does, without its lookup
        }
        return invoke((ExpressionScript) script, left, method, new Object[] {right});
    }

    /** A unary operator that Groovy turns into a call of {@code method} ({@code negative}, {@code positive}, {@code bitwiseNegate}). */
    public static Object unary(Object script, String method, Object operand) {
        if (operand instanceof Number) { // Groovy's number arithmetic, not a method of the number (BigInteger has none)
            try {
                switch (method) {
                    case "negative":
                        return ScriptBytecodeAdapter.unaryMinus(operand);
                    case "positive":
                        return ScriptBytecodeAdapter.unaryPlus(operand);
                    default:
                        return ScriptBytecodeAdapter.bitwiseNegate(operand);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExpressionException("an operator failed: " + t.getClass().getName(), null, false);
            }
        }
        return invoke((ExpressionScript) script, operand, method, NONE);
    }

    /** {@code new type(args)}. */
    public static Object construct(Object script, Class<?> type, List<?> args) {
        ExpressionScript s = (ExpressionScript) script;
        if (!AllowList.constructorAllowed(type)) {
            throw refuse(s, "creating a " + type.getName());
        }
        Bounds.before(s, null, "new", args.toArray());
        return Bounds.built(s, InvokerHelper.invokeConstructorOf(type, args.toArray()));
    }

    /** {@code value as type} ({@code coerce}) or {@code (type) value}. */
    public static Object cast(Object script, Object value, Class<?> type, boolean coerce) {
        ExpressionScript s = (ExpressionScript) script;
        if (!AllowList.castAllowed(type)) {
            throw refuse(s, "a conversion to " + type.getName());
        }
        Bounds.before(s, value, "asType", NONE);
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            Bounds.numberText(s, value);
        }
        Object r = coerce ? InvokerHelper.invokeMethod(value, "asType", type)
                : DefaultTypeTransformation.castToType(value, type);
        return Bounds.built(s, r);
    }

    /** {@code from..to}, {@code from<..<to} and the like: of integers and characters, at most {@link Bounds#MAX_ELEMENTS}. */
    public static Object range(Object script, Object from, Object to, boolean exclusiveLeft, boolean exclusiveRight) {
        ExpressionScript s = (ExpressionScript) script;
        long size;
        if (isIntegral(from) && isIntegral(to)) {
            BigInteger d = big(to).subtract(big(from)).abs();
            size = d.bitLength() > 62 ? Long.MAX_VALUE : d.longValue() + 1;
        } else if (isCharacter(from) && isCharacter(to)) {
            size = Math.abs(character(to) - character(from)) + 1;
        } else {
            throw refuse(s, "a range of " + AllowList.typeName(from) + " to " + AllowList.typeName(to)
                    + " (ranges are of integers or characters)");
        }
        Bounds.range(s, size);
        try {
            return ScriptBytecodeAdapter.createRange(from, to, exclusiveLeft, exclusiveRight);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ExpressionException("a range could not be made: " + t.getClass().getName(), null, false);
        }
    }

    /** A GString, made a String at once (its length counted against the run's budget). */
    public static Object text(Object script, List<?> values, List<?> strings) {
        ExpressionScript s = (ExpressionScript) script;
        Bounds.expansion(s, values, "a GString");
        String[] parts = new String[strings.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = String.valueOf(strings.get(i));
        }
        return Bounds.built(s, new GStringImpl(values.toArray(), parts).toString());
    }

    /** {@code left ==~ right}, the match read through the run's deadline. */
    public static Object matches(Object script, Object left, Object right) {
        ExpressionScript s = (ExpressionScript) script;
        if (left == null || right == null) {
            return false;
        }
        return s.patterns.of(right).matcher(Patterns.timed(s, textOf(s, left))).matches();
    }

    /** {@code left =~ right}: the Matcher, reading through the run's deadline. */
    public static Object find(Object script, Object left, Object right) {
        ExpressionScript s = (ExpressionScript) script;
        Pattern p = s.patterns.of(right);
        return p.matcher(Patterns.timed(s, left instanceof String t ? t : textOf(s, left)));
    }

    // ------------------------------------------------------------------ the checks

    static Object invoke(ExpressionScript s, Object receiver, String method, Object[] args) {
        if (receiver instanceof org.apache.kafka.connect.data.Struct && args.length > 0) {
            try {
                return dispatch(s, receiver, method, args);
            } catch (ExpressionException e) {
                throw e;
            } catch (org.apache.kafka.connect.errors.DataException e) { // Struct's quotes the name, maybe the record's
                throw new ExpressionException(method + "() on a struct failed: no field of that name, or not of that "
                        + "type (the name is not shown: it may come from the record)", null, false);
            }
        }
        return dispatch(s, receiver, method, args);
    }

    private static Object dispatch(ExpressionScript s, Object receiver, String method, Object[] args) {
        if (method.equals("getAt") && args.length == 1 && args[0] instanceof CharSequence name && receiver != null
                && !(receiver instanceof Map)) {
            return Properties.get(s, receiver, name.toString()); // Groovy's getAt(Object, String) reads a property
        }
        if (receiver instanceof Class<?> c) {
            if (!AllowList.staticAllowed(c, method)) {
                throw refuse(s, "calling " + method + "() on the class " + c.getName());
            }
            Bounds.before(s, null, method, args);
            return Bounds.built(s, InvokerHelper.invokeStaticMethod(c, method, args));
        }
        Kind kind = AllowList.kind(receiver);
        if (!AllowList.allowed(kind, method)) {
            if (kind == Kind.NULL) {
                throw new ExpressionException("cannot call " + method + "() on null (?. navigates null-safe)", null,
                        false);
            }
            throw refuse(s, "calling " + method + "() on " + AllowList.typeName(receiver));
        }
        if (kind == Kind.COLLECTION && method.equals("reverse") && args.length > 0 && Boolean.TRUE.equals(args[0])) {
            throw refuse(s, "reverse(true) on a list (it changes the list)");
        }
        if (COLLECTORS.contains(method) && Arrays.stream(args).anyMatch(a -> a instanceof Collection || a instanceof Map)) {
            throw refuse(s, method + "() into a given collection or map (it changes that collection)");
        }
        if (kind == Kind.MAP && method.equals("get") && args.length > 1) {
            throw refuse(s, "get(key, default) on a map (it adds the key to the map)");
        }
        Bounds.before(s, receiver, method, args);
        if (kind == Kind.STRING && args.length >= 1 && (args[0] instanceof CharSequence || args[0] instanceof Pattern)) {
            Object r = regex(s, receiver.toString(), method, args);
            if (r != null) {
                return r == NO_MATCH ? null : Bounds.built(s, r);
            }
        }
        if (kind == Kind.PATTERN || args.length >= 1 && args[0] instanceof Pattern) {
            Object r = pattern(s, receiver, method, args);
            if (r != null) {
                return Bounds.built(s, r);
            }
        }
        Object r = InvokerHelper.invokeMethod(receiver, method, args);
        return BUILDING.contains(method) ? Bounds.built(s, r) : r;
    }

    /**
     * The regex methods of String, reading through the run's deadline; null for another call (and for
     * {@code minus} of a text, which is not a regex). The forms that call a closure for each match
     * are refused: their matching is Groovy's, which no deadline reaches.
     */
    private static Object regex(ExpressionScript s, String text, String method, Object[] args) {
        boolean pattern = args[0] instanceof Pattern;
        switch (method) {
            case "matches":
                return args.length == 1 ? s.patterns.of(args[0]).matcher(Patterns.timed(s, text)).matches() : null;
            case "replaceAll":
            case "replaceFirst": {
                if (args.length != 2 || !(args[1] instanceof CharSequence replacement)) {
                    throw refuse(s, method + "() with a closure (use a replacement text)");
                }
                Matcher m = s.patterns.of(args[0]).matcher(Patterns.timed(s, text));
                return method.equals("replaceAll") ? m.replaceAll(replacement.toString())
                        : m.replaceFirst(replacement.toString());
            }
            case "find": {
                if (args.length != 1) {
                    throw refuse(s, "find() with a closure (use =~ and the matcher)");
                }
                Matcher m = s.patterns.of(args[0]).matcher(Patterns.timed(s, text));
                return m.find() ? m.group() : NO_MATCH;
            }
            case "findAll": {
                if (args.length != 1) {
                    throw refuse(s, "findAll() with a closure on a text (use =~ and the matcher)");
                }
                Matcher m = s.patterns.of(args[0]).matcher(Patterns.timed(s, text));
                List<String> all = new ArrayList<>();
                while (m.find()) {
                    all.add(m.group());
                    Bounds.range(s, all.size());
                }
                return all;
            }
            case "split":
                if (args.length > 2 || args.length == 2 && !(args[1] instanceof Integer)) {
                    return null;
                }
                return s.patterns.of(args[0]).split(Patterns.timed(s, text), args.length == 2 ? (Integer) args[1] : 0);
            case "minus":
                return pattern && args.length == 1
                        ? s.patterns.of(args[0]).matcher(Patterns.timed(s, text)).replaceFirst("") : null;
            default:
                return null;
        }
    }

    /**
     * A call on a Pattern, or with one as its argument, reading through the run's deadline; null for
     * a call that matches nothing. What would match where no deadline reaches is refused.
     */
    private static Object pattern(ExpressionScript s, Object receiver, String method, Object[] args) {
        if (receiver instanceof Pattern p) {
            switch (method) {
                case "matcher":
                    return args.length == 1 && args[0] != null
                            ? p.matcher(Patterns.timed(s, textOf(s, args[0]))) : null;
                case "split":
                    if (args.length == 0 || args.length > 2 || args[0] == null
                            || args.length == 2 && !(args[1] instanceof Integer)) {
                        throw refuse(s, "split() on a pattern with other arguments than a text and a limit");
                    }
                    return p.split(Patterns.timed(s, textOf(s, args[0])), args.length == 2 ? (Integer) args[1] : 0);
                case "isCase":
                    return args.length == 1 && args[0] != null
                            && p.matcher(Patterns.timed(s, textOf(s, args[0]))).matches();
                default:
                    return null;
            }
        }
        Pattern p = (Pattern) args[0];
        if (method.equals("grep") && args.length == 1) {
            Collection<Object> out = receiver instanceof Set ? new java.util.LinkedHashSet<>() : new ArrayList<>();
            for (Object e : elements(s, receiver)) {
                if (e != null && p.matcher(Patterns.timed(s, textOf(s, e))).matches()) {
                    out.add(e);
                }
            }
            return out;
        }
        throw refuse(s, method + "() with a pattern on " + AllowList.typeName(receiver)
                + " (a match there has no deadline)");
    }

    /** The elements of a collection, an array or a map (its entries), for spreading. */
    static Iterable<?> elements(ExpressionScript s, Object receiver) {
        if (receiver instanceof Collection<?> c) {
            return c;
        }
        if (receiver instanceof Object[] a) {
            return Arrays.asList(a);
        }
        if (receiver instanceof Map<?, ?> m) {
            return m.entrySet();
        }
        if (receiver != null && receiver.getClass().isArray()) {
            return DefaultTypeTransformation.primitiveArrayToList(receiver);
        }
        throw refuse(s, "spreading over " + AllowList.typeName(receiver));
    }

    /** {@code o} as text for a regex to read, measured before it is written out. */
    private static String textOf(ExpressionScript s, Object o) {
        if (o instanceof String t) {
            return t;
        }
        Bounds.expansion(s, o, "the text of a value a regex reads");
        return InvokerHelper.toString(o);
    }

    static ExpressionException refuse(ExpressionScript s, String what) {
        return s.violated(ExpressionException.refused("the sandbox refuses " + what));
    }

    private static boolean isIntegral(Object o) {
        return o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte
                || o instanceof BigInteger;
    }

    private static BigInteger big(Object o) {
        return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
    }

    private static boolean isCharacter(Object o) {
        return o instanceof Character || o instanceof String t && t.length() == 1;
    }

    private static int character(Object o) {
        return o instanceof Character c ? c : ((String) o).charAt(0);
    }
}
