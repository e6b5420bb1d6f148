package io.cdckit.smt.routing.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * The sizes an expression may build in one run, so that a run cannot take the worker's memory before
 * its deadline: a text at most {@value #MAX_TEXT} characters, a collection or range at most
 * {@value #MAX_ELEMENTS} elements, a number at most {@value #MAX_BITS} bits, and all the texts and
 * collections one run builds together at most {@value #BUDGET} characters and elements. The calls
 * that can make something much larger than their inputs (repetition, padding, powers, shifts, scales)
 * are checked before they run; those that build from their inputs (concatenation, {@code collect},
 * {@code join}, GStrings, ...) after, against the run's budget.
 */
final class Bounds {

    static final int MAX_TEXT = 1_000_000;
    static final int MAX_ELEMENTS = 100_000;
    static final int MAX_BITS = 65_536;
    static final long BUDGET = 10_000_000;
    /** Most steps of one search of a value in another (the product of their sizes). */
    private static final double MAX_SEARCH = 100_000_000;
    /** Largest scale or decimal point move. */
    private static final int MAX_SCALE = 10_000;

    private Bounds() {
    }

    /** Checks a call that may build something far larger than its receiver and arguments, before it runs. */
    static void before(ExpressionScript s, Object receiver, String method, Object[] args) {
        decimal(s, receiver);
        for (Object a : args) {
            decimal(s, a);
        }
        switch (method) {
            case "indexOf", "lastIndexOf", "contains", "count", "minus", "containsAll", "intersect", "disjoint" -> {
                // a search of one value in another: time of the product of their sizes
                if (args.length >= 1 && length(receiver) * length(args[0]) > MAX_SEARCH) {
                    check(s, false, "a search of " + MAX_SEARCH + " steps or more (" + method + "() on large inputs)");
                }
                if (method.equals("minus") && receiver instanceof Collection<?>) {
                    expansion(s, args[0], "the elements minus() would compare");
                }
            }
            case "toString", "join", "sum", "flatten", "plus", "valueOf", "inspect", "dump", "format", "asType" -> {
                // built from their inputs at any depth: a list that holds one large list many times
                // over is small to keep and huge to write out, so the inputs are measured first
                if (receiver != null && !(receiver instanceof Number)) {
                    expansion(s, receiver, "the text or elements " + method + "() would build");
                }
                for (Object a : args) {
                    expansion(s, a, "the text or elements " + method + "() would build");
                }
            }
            case "new", "toBigInteger", "toBigDecimal", "toInteger", "toLong", "toDouble", "toFloat",
                    "parseInt", "parseLong", "parseDouble", "parseFloat" -> {
                for (Object o : args) {
                    numberText(s, o);
                }
                numberText(s, receiver);
            }
            case "multiply" -> {
                if (args.length == 1 && args[0] instanceof Number n) {
                    if (receiver instanceof CharSequence cs) {
                        check(s, (double) cs.length() * n.doubleValue() <= MAX_TEXT, "a repetition of text");
                    } else if (receiver instanceof Collection<?> c) {
                        check(s, (double) c.size() * n.doubleValue() <= MAX_ELEMENTS, "a repetition of a list");
                    } else if (receiver instanceof Number m) {
                        check(s, bits(m) + bits(n) <= MAX_BITS, "a product of numbers");
                    }
                }
            }
            case "repeat", "padLeft", "padRight", "center" -> {
                if (args.length >= 1 && args[0] instanceof Number n && receiver instanceof CharSequence cs) {
                    double size = method.equals("repeat") ? (double) cs.length() * n.doubleValue() : n.doubleValue();
                    check(s, size <= MAX_TEXT, "text of " + MAX_TEXT + " characters or more");
                }
            }
            case "power" -> {
                if (args.length == 1 && receiver instanceof Number base && args[0] instanceof Number exp) {
                    check(s, bits(base) * Math.abs(exp.doubleValue()) <= MAX_BITS || isFloating(base)
                            || isFloating(exp), "a power of " + MAX_BITS + " bits or more");
                }
            }
            case "leftShift" -> {
                if (args.length == 1 && receiver instanceof Number n && args[0] instanceof Number by) {
                    check(s, bits(n) + Math.abs(by.doubleValue()) <= MAX_BITS, "a shift of " + MAX_BITS + " bits or more");
                }
            }
            case "setScale", "movePointLeft", "movePointRight", "scaleByPowerOfTen" -> {
                if (args.length >= 1 && args[0] instanceof Number n) {
                    check(s, Math.abs(n.doubleValue()) <= MAX_SCALE, "a scale beyond " + MAX_SCALE);
                }
            }
            case "replace", "replaceAll", "replaceFirst" -> {
                if (args.length == 1 && receiver instanceof CharSequence cs && args[0] instanceof Map<?, ?> m) {
                    long longest = 1;
                    for (Object by : m.values()) {
                        longest = Math.max(longest, by == null ? 4 : String.valueOf(by).length());
                    }
                    check(s, ((double) cs.length() + 1) * longest <= MAX_TEXT,
                            "a replacement of " + MAX_TEXT + " characters or more");
                }
                if (args.length == 2 && receiver instanceof CharSequence cs && args[1] instanceof CharSequence by) {
                    check(s, ((double) cs.length() + 1) * Math.max(1, by.length()) <= MAX_TEXT
                            || method.equals("replaceFirst"), "a replacement of " + MAX_TEXT + " characters or more");
                }
            }
            default -> {
            }
        }
    }

    /** The characters of a text or the elements of a collection or map; 1 for anything else. */
    private static double length(Object o) {
        if (o instanceof CharSequence cs) {
            return cs.length();
        }
        if (o instanceof Collection<?> c) {
            return c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return m.size();
        }
        return 1;
    }

    /** The digits of a number in text, which a conversion reads in more than linear time. */
    static void numberText(ExpressionScript s, Object o) {
        if (o instanceof CharSequence cs) {
            check(s, cs.length() <= MAX_BITS / 3, "a number of more than " + MAX_BITS / 3 + " characters");
        }
    }

    /**
     * Checks, before it is built, what writing {@code o} out would take: its characters and
     * elements at every depth, counted until they pass {@value #MAX_TEXT} (so the count costs at most
     * that many steps, however the value shares its parts).
     */
    static void expansion(ExpressionScript s, Object o, String what) {
        check(s, size(o, 0) <= MAX_TEXT, what + " (more than " + MAX_TEXT + " characters and elements)");
    }

    private static long size(Object o, long sofar) {
        if (sofar > MAX_TEXT) {
            return sofar;
        }
        if (o instanceof CharSequence cs) {
            return sofar + cs.length();
        }
        if (o instanceof Collection<?> c) {
            long n = sofar + c.size() + 2;
            for (Object e : c) {
                if (n > MAX_TEXT) {
                    break;
                }
                n = size(e, n);
            }
            return n;
        }
        if (o instanceof Map<?, ?> m) {
            long n = sofar + m.size() + 2;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (n > MAX_TEXT) {
                    break;
                }
                n = size(e.getValue(), size(e.getKey(), n));
            }
            return n;
        }
        if (o instanceof Object[] a) {
            return size(java.util.Arrays.asList(a), sofar);
        }
        if (o instanceof BigDecimal || o instanceof BigInteger) {
            return sofar + (long) (bits((Number) o) / 3.3) + 2;
        }
        return sofar + 8;
    }

    /** A decimal whose exponent is so large that its digits would not fit: {@code 1e1000000000.toPlainString()}. */
    private static void decimal(ExpressionScript s, Object o) {
        if (o instanceof BigDecimal d) {
            check(s, Math.abs((long) d.scale()) <= MAX_SCALE, "a decimal of a scale beyond " + MAX_SCALE);
        }
    }

    /** Counts what a call built against the run's budget, and checks its size. */
    static Object built(ExpressionScript s, Object result) {
        long size;
        if (result instanceof CharSequence cs) {
            size = cs.length();
            check(s, size <= MAX_TEXT, "text of more than " + MAX_TEXT + " characters");
        } else if (result instanceof Collection<?> c) {
            size = c.size();
            check(s, size <= MAX_ELEMENTS, "a collection of more than " + MAX_ELEMENTS + " elements");
        } else if (result instanceof Map<?, ?> m) {
            size = m.size();
            check(s, size <= MAX_ELEMENTS, "a map of more than " + MAX_ELEMENTS + " entries");
        } else if (result instanceof BigInteger || result instanceof BigDecimal) {
            check(s, bits((Number) result) <= MAX_BITS, "a number of more than " + MAX_BITS + " bits");
            return result;
        } else {
            return result;
        }
        s.budget -= size;
        check(s, s.budget >= 0, "more than " + BUDGET + " characters and elements in one evaluation");
        if (!(result instanceof CharSequence)) { // its parts may be shared: what walks it walks every copy
            expansion(s, result, "a collection holding large values many times over");
        }
        return result;
    }

    /** Checks the size of a range before it is made. */
    static void range(ExpressionScript s, long size) {
        check(s, size <= MAX_ELEMENTS, "a range of more than " + MAX_ELEMENTS + " elements");
    }

    private static void check(ExpressionScript s, boolean ok, String what) {
        if (!ok) {
            throw s.violated(ExpressionException.refused("the sandbox refuses " + what));
        }
    }

    private static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float;
    }

    private static double bits(Number n) {
        if (n instanceof BigInteger b) {
            return b.bitLength();
        }
        if (n instanceof BigDecimal d) {
            return d.unscaledValue().bitLength() + Math.abs((double) d.scale()) * 3.33;
        }
        return 64;
    }
}
