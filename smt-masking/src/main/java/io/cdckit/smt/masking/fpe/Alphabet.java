package io.cdckit.smt.masking.fpe;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The characters format-preserving encryption enciphers, in numeral order: the character at index
 * {@code i} is the numeral {@code i} of radix {@link #radix()}. Characters outside the alphabet are
 * not enciphered (they stay where they are, as separators do). Immutable and thread-safe.
 *
 * <p>A user names one of the built-in alphabets or writes the characters themselves:
 * <ul>
 * <li>{@code digits}: {@code 0-9} (radix 10)</li>
 * <li>{@code alphanumeric}: {@code 0-9A-Za-z} (radix 62), the default</li>
 * <li>{@code lowercase}: {@code a-z} (radix 26)</li>
 * <li>{@code uppercase}: {@code A-Z} (radix 26)</li>
 * <li>any other text: its characters, at least 2, none repeated, none a surrogate (each character
 * must be a whole Basic Multilingual Plane character, so an output never holds half a pair)</li>
 * </ul>
 * Names match ignoring case and surrounding spaces. No name can be mistaken for a custom alphabet:
 * each of them repeats a letter, which a custom alphabet may not.
 */
public final class Alphabet {

    /** {@code 0-9}. */
    public static final Alphabet DIGITS = new Alphabet("digits", "0123456789");
    /** {@code 0-9A-Za-z}, the default. */
    public static final Alphabet ALPHANUMERIC = new Alphabet("alphanumeric",
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    /** {@code a-z}. */
    public static final Alphabet LOWERCASE = new Alphabet("lowercase", "abcdefghijklmnopqrstuvwxyz");
    /** {@code A-Z}. */
    public static final Alphabet UPPERCASE = new Alphabet("uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /** The name of the default alphabet, {@code alphanumeric}. */
    public static final String DEFAULT_NAME = "alphanumeric";

    private static final List<Alphabet> NAMED = List.of(DIGITS, ALPHANUMERIC, LOWERCASE, UPPERCASE);

    /** The largest radix of NIST SP 800-38G (and of Bouncy Castle's engines): 2^16. */
    static final int MAX_RADIX = 1 << 16;

    /** The name for the built-in ones, null for a custom alphabet. */
    private final String name;
    private final String characters;
    private final char[] numerals;
    /** By character code up to the largest character of the alphabet: its numeral plus one, 0 for none. */
    private final char[] indexPlusOne;

    private Alphabet(String name, String characters) {
        this.name = name;
        this.characters = characters;
        this.numerals = characters.toCharArray();
        char max = 0;
        for (char c : numerals) {
            max = c > max ? c : max;
        }
        this.indexPlusOne = new char[max + 1];
        for (int i = 0; i < numerals.length; i++) {
            indexPlusOne[numerals[i]] = (char) (i + 1);
        }
    }

    /**
     * The alphabet a user configured: a built-in name or the characters themselves.
     *
     * @param nameOrCharacters {@code digits}, {@code alphanumeric}, {@code lowercase},
     *        {@code uppercase} (any case, trimmed), or at least 2 distinct characters
     * @throws IllegalArgumentException for null, or for a text that is no name and not at least 2
     *         distinct non-surrogate characters; the message quotes the text (configuration, not data)
     */
    public static Alphabet named(String nameOrCharacters) {
        if (nameOrCharacters == null) {
            throw new IllegalArgumentException("An FPE alphabet is needed: one of " + names()
                    + ", or at least 2 distinct characters");
        }
        String trimmed = nameOrCharacters.trim();
        for (Alphabet a : NAMED) {
            if (a.name.equalsIgnoreCase(trimmed)) {
                return a;
            }
        }
        return custom(nameOrCharacters);
    }

    private static Alphabet custom(String text) {
        if (text.length() < 2) {
            throw new IllegalArgumentException("FPE alphabet \"" + text + "\" is neither one of " + names()
                    + " nor at least 2 distinct characters");
        }
        if (text.length() > MAX_RADIX) {
            throw new IllegalArgumentException("FPE alphabet of " + text.length()
                    + " characters is longer than the largest radix, " + MAX_RADIX);
        }
        char[] sorted = text.toCharArray();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            char c = sorted[i];
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("FPE alphabet \"" + text + "\" has a surrogate character (U+"
                        + String.format(Locale.ROOT, "%04X", (int) c)
                        + "): each character of an alphabet must be a whole Basic Multilingual Plane character");
            }
            if (i > 0 && sorted[i - 1] == c) {
                throw new IllegalArgumentException("FPE alphabet \"" + text + "\" repeats the character '" + c
                        + "': its characters must be distinct (or it must be one of " + names() + ")");
            }
        }
        for (Alphabet a : NAMED) {
            if (a.characters.equals(text)) {
                return a;
            }
        }
        return new Alphabet(null, text);
    }

    private static String names() {
        StringBuilder b = new StringBuilder();
        for (Alphabet a : NAMED) {
            b.append(b.length() == 0 ? "" : ", ").append(a.name);
        }
        return b.toString();
    }

    /** The number of characters, the radix of the numerals they stand for (2 to 2^16). */
    public int radix() {
        return numerals.length;
    }

    /** Whether {@code c} is one of the characters (enciphered) or not (kept where it is). */
    public boolean contains(char c) {
        return c < indexPlusOne.length && indexPlusOne[c] != 0;
    }

    /** The numeral {@code c} stands for, or -1 when {@code c} is not in the alphabet. */
    public int indexOf(char c) {
        return c < indexPlusOne.length ? indexPlusOne[c] - 1 : -1;
    }

    /**
     * The character of numeral {@code numeral}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= numeral < radix()}
     */
    public char charAt(int numeral) {
        return numerals[numeral];
    }

    /** The characters in numeral order. */
    public String characters() {
        return characters;
    }

    /** The text that configures this alphabet again: its name when it is a built-in one, else its characters. */
    public String configText() {
        return name != null ? name : characters;
    }

    /** Whether this is one of the built-in alphabets ({@code digits}...), rather than custom characters. */
    public boolean isNamed() {
        return name != null;
    }

    /** Equal alphabets have the same characters in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Alphabet && ((Alphabet) o).characters.equals(characters);
    }

    @Override
    public int hashCode() {
        return characters.hashCode();
    }

    /** The name, or the characters of a custom alphabet (configuration, not data). */
    @Override
    public String toString() {
        return name != null ? "Alphabet[" + name + "]" : "Alphabet[\"" + characters + "\"]";
    }
}
