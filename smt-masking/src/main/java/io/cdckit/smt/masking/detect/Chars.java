package io.cdckit.smt.masking.detect;

/** Character classes the detectors share, by table lookup for ASCII. */
final class Chars {

    static final int DIGIT = 1;
    static final int LETTER = 1 << 1;
    static final int HEX = 1 << 2;
    /** A character of an e-mail local part: letters, digits, {@code .!#$%&'*+/=?^_`{|}~-}. */
    static final int LOCAL = 1 << 3;
    /** A letter, a digit or {@code _}. */
    static final int WORD = 1 << 4;
    /** A character of an IPv6 address's text: hex digits, {@code :} and {@code .}. */
    static final int IPV6 = 1 << 5;

    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = (byte) (DIGIT | HEX | LOCAL | WORD | IPV6);
        }
        for (char c = 'a'; c <= 'z'; c++) {
            int hex = c <= 'f' ? HEX | IPV6 : 0;
            ASCII[c] = (byte) (LETTER | LOCAL | WORD | hex);
            ASCII[Character.toUpperCase(c)] = (byte) (LETTER | LOCAL | WORD | hex);
        }
        for (char c : ".!#$%&'*+/=?^_`{|}~-".toCharArray()) {
            ASCII[c] |= LOCAL;
        }
        ASCII['_'] |= WORD;
        ASCII[':'] |= IPV6;
        ASCII['.'] |= IPV6;
    }

    private Chars() {
    }

    /** Whether {@code c} is an ASCII character of all the classes in {@code mask}. */
    static boolean is(char c, int mask) {
        return c < 128 && (ASCII[c] & mask) == mask;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return c < 128 && (ASCII[c] & LETTER) != 0;
    }

    static boolean isAlnum(char c) {
        return c < 128 && (ASCII[c] & (LETTER | DIGIT)) != 0;
    }

    /**
     * Whether the character at {@code i} is a word character: a letter or digit of any script, or
     * {@code _}. False past the end of the text.
     */
    static boolean isWordAt(String text, int i) {
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        if (c < 128) {
            return (ASCII[c] & WORD) != 0;
        }
        return Character.isLetterOrDigit(text.codePointAt(i));
    }

    /** Whether the character before {@code i} is a word character; false at the start. */
    static boolean isWordBefore(String text, int i) {
        if (i <= 0) {
            return false;
        }
        char c = text.charAt(i - 1);
        if (c < 128) {
            return (ASCII[c] & WORD) != 0;
        }
        return Character.isLetterOrDigit(text.codePointBefore(i));
    }

    /** Whether the ASCII digit at {@code i} exists. */
    static boolean isDigitAt(String text, int i) {
        return i >= 0 && i < text.length() && isDigit(text.charAt(i));
    }
}
