package io.cdckit.smt.routing.expr;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One thread's compiled regular expressions, by their text (at most {@value #MAX} kept: an
 * expression names few), and the text a match reads wrapped so that the run's deadline holds inside
 * a match too ({@link #timed}): a pattern that backtracks without end fails on time instead of
 * holding the task's thread.
 */
final class Patterns {

    private static final int MAX = 64;

    private final Map<String, Pattern> compiled = new HashMap<>();

    Pattern of(Object pattern) {
        if (pattern instanceof Pattern p) {
            return p;
        }
        String text = String.valueOf(pattern);
        Pattern p = compiled.get(text);
        if (p == null) {
            if (compiled.size() >= MAX) {
                compiled.clear();
            }
            p = Pattern.compile(text);
            compiled.put(text, p);
        }
        return p;
    }

    /** {@code text} read through the deadline of {@code s}. */
    static CharSequence timed(ExpressionScript s, CharSequence text) {
        return s.timed ? new Timed(s, text) : text;
    }

    /** A text whose reads check the deadline every 4096 characters. */
    private static final class Timed implements CharSequence {
        private final ExpressionScript script;
        private final CharSequence text;
        private int reads;

        Timed(ExpressionScript script, CharSequence text) {
            this.script = script;
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0) {
                Guard.tick(script);
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end).toString();
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
