package io.cdckit.smt.masking;

/**
 * {@code partial}: a string keeps its first {@code keep.first} and last {@code keep.last}
 * characters, the others become {@code mask.char}; whitespace and the characters of
 * {@code keep.chars} stay in place and are not counted ({@code +44 20 7946 0000} with the defaults
 * is {@code *** ** **** 0000}).
 * Never more than half of the countable characters stay visible: for a short value
 * {@code keep.last} shrinks first, then {@code keep.first} (a 4-character value shows 2 at most).
 * Immutable.
 */
final class Partial {

    private final int keepFirst;
    private final int keepLast;
    private final char maskChar;
    private final String keepChars;

    Partial(int keepFirst, int keepLast, char maskChar, String keepChars) {
        this.keepFirst = keepFirst;
        this.keepLast = keepLast;
        this.maskChar = maskChar;
        this.keepChars = keepChars;
    }

    char maskChar() {
        return maskChar;
    }

    String mask(String s) {
        int countable = 0;
        for (int i = 0; i < s.length(); i++) {
            if (countable(s.charAt(i))) {
                countable++;
            }
        }
        int allowed = countable / 2;
        int last = Math.min(keepLast, allowed);
        int first = Math.min(keepFirst, allowed - last);
        char[] out = s.toCharArray();
        int seen = 0;
        for (int i = 0; i < out.length; i++) {
            if (!countable(out[i])) {
                continue;
            }
            if (seen >= first && seen < countable - last) {
                out[i] = maskChar;
            }
            seen++;
        }
        return new String(out);
    }

    private boolean countable(char c) {
        return !Character.isWhitespace(c) && keepChars.indexOf(c) < 0;
    }
}
