/*
 * Over 400 lines because its parts hold one invariant together, that every value it enciphers
 * deciphers back: the domain limits of NIST SP 800-38G, the mapping of the alphabet and the kept
 * suffix onto Bouncy Castle's numerals, and the cycle-walks (Luhn validity, integers without a
 * leading zero or beyond a long) whose steps decryption must retrace exactly.
 */
package io.cdckit.smt.masking.fpe;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.fpe.FPEFF3_1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Format-preserving encryption (NIST SP 800-38G FF1 or FF3-1 on AES, by Bouncy Castle's engines)
 * of texts and {@code long}s: the output has the input's length and, position by position, its kind
 * of character, and {@link #decrypt(String, int, boolean)} gives the input back. Immutable and
 * thread-safe.
 *
 * <h2>Texts</h2>
 * The characters of the {@link Alphabet} are the numerals of one string in the alphabet's radix,
 * which is enciphered as a whole and written back into the same positions; every other character
 * (separators such as {@code -}, spaces, {@code +}, {@code @}) stays where it is.
 * {@code "4111-1111-1111-1111"} with {@code digits} enciphers its 16 digits and keeps the three
 * {@code -}. With {@code keepLast = k} the last {@code k} alphabet characters are not enciphered
 * (a card's last four stay visible); their value still counts for Luhn (below).
 *
 * <h2>Length limits</h2>
 * The enciphered part (alphabet characters minus {@code keepLast}) must have
 * {@code radix^length >= 1,000,000} and at least 2 characters ({@link #minLength()}: 6 digits,
 * 5 letters, 4 alphanumerics), as NIST requires; a shorter one throws an {@link FpeException} of
 * {@link FpeException.Reason#TOO_SHORT}, which the caller may answer by redacting. FF3-1 also has a
 * maximum, {@code 2 * floor(log_radix(2^96))} ({@link #maxLength()}: 56 digits, 40 letters,
 * 32 alphanumerics); a longer part throws {@link FpeException.Reason#TOO_LONG}. FF1 has no maximum.
 * {@link #accepts(String, int)} tells beforehand, without an exception.
 *
 * <h2>Luhn</h2>
 * With {@code luhn = true} (radix-10 alphabets only; a character's Luhn digit is its numeral, which
 * for {@code digits} is the digit) the Luhn validity of the whole number, the enciphered part and
 * the kept suffix together, is preserved: a Luhn-valid input (a card number)
 * gives a Luhn-valid output, and an input that is not Luhn-valid gives an output that is not.
 * Encryption cycle-walks: it re-enciphers its result until the validity matches the input's;
 * decryption walks back the same way, so {@code decrypt(encrypt(x, k, true), k, true)} is {@code x}
 * for every input. (Enciphering a non-valid input without walking would not round-trip: about one
 * output in ten would be Luhn-valid and be walked back too far.) Both sides must use the same
 * {@code luhn} and {@code keepLast}.
 *
 * <h2>Longs</h2>
 * {@link #encrypt(long)} keeps the sign and the number of decimal digits: the absolute value's
 * digits are enciphered in radix 10 (whatever the alphabet; FF1 puts the radix into every round, so
 * the two domains are separate), and a result with a leading zero, or (for 19 digits) beyond
 * {@code Long.MAX_VALUE} (positive) or {@code 2^63} (negative), is re-enciphered until it is a
 * {@code long} of the same digit count and sign. {@code Long.MIN_VALUE} is a negative 19-digit
 * value like any other. Fewer than 6 digits ({@code |value| < 100,000}): too short.
 *
 * <h2>Why cycle-walking ends</h2>
 * The cipher is a permutation of a finite set, so the walk from {@code x} follows {@code x}'s cycle
 * and at the latest comes back to {@code x} itself, which is in the target set: the walk always
 * ends, and decryption, walking the same cycle backwards, stops exactly at {@code x}. It ends
 * quickly: at each step the result lands in the target set with a probability (over keys) of about
 * its share of the domain, at least 1/10 (Luhn-valid numbers), so the mean is at most 10 steps and
 * 1000 steps are exceeded with a probability below {@code 0.9^1000 < 2^-150}. The
 * bound, an {@link FpeException} of {@link FpeException.Reason#WALK_LIMIT}, is thus never reached
 * for a valid input; it only guards against a fault. A decryption takes exactly as many steps as
 * the encryption that produced its input.
 *
 * <h2>Tweaks</h2>
 * FF1 takes a tweak of any length, none included. FF3-1 takes exactly 7 bytes (56 bits); none
 * (empty or null) means 7 zero bytes. A tweak is not secret, but a different tweak gives a
 * different, unrelated permutation.
 *
 * <h2>Threads</h2>
 * Bouncy Castle's engines keep the initialized AES key schedule and are not thread-safe; an
 * instance keeps, per thread that uses it, its own engines (a {@link ThreadLocal}), initialized once,
 * so a call creates no engine and expands no key (doing both per call measured about 0.35 us, 10 to
 * 15% of a 16-digit encryption). A thread's engines hold no reference to the instance, so an
 * instance no longer used can be collected while its threads live on.
 *
 * <p>No message and no {@code toString} holds a value, plain or enciphered, nor the key.
 */
public final class FormatPreservingCipher {

    /** NIST SP 800-38G's smallest domain: {@code radix^minlen >= 1,000,000}. */
    private static final int MIN_DOMAIN = 1_000_000;
    /** The bound on cycle-walking steps (see the class documentation for why it is never reached). */
    static final int MAX_WALK = 1000;
    /** The smallest digit count of a {@code long} (radix 10: 10^6 = 1,000,000). */
    private static final int MIN_LONG_DIGITS = 6;
    /** The length of FF3-1's tweak: 56 bits. */
    private static final int FF3_1_TWEAK_BYTES = 7;
    /** {@code d} doubled with its digits summed: Luhn's value of a digit at an odd place from the right. */
    private static final int[] LUHN_DOUBLED = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private final FpeAlgorithm algorithm;
    private final Alphabet alphabet;
    private final int keyBits;
    private final int tweakBytes;
    private final FPEParameters textParameters;
    /** Radix 10 for {@code long}s: the same object as {@link #textParameters} when the alphabet has radix 10. */
    private final FPEParameters digitParameters;
    /** Whether numerals take two bytes (big-endian), as Bouncy Castle wants above radix 256. */
    private final boolean wide;
    private final int minLength;
    private final int maxLength;
    private final ThreadLocal<Engines> engines;

    private FormatPreservingCipher(FpeAlgorithm algorithm, byte[] key, byte[] tweak, Alphabet alphabet) {
        this.algorithm = algorithm;
        this.alphabet = alphabet;
        this.keyBits = key.length * 8;
        this.tweakBytes = tweak.length;
        KeyParameter keyParameter = new KeyParameter(key);
        this.textParameters = new FPEParameters(keyParameter, alphabet.radix(), tweak);
        this.digitParameters = alphabet.radix() == 10 ? textParameters : new FPEParameters(keyParameter, 10, tweak);
        this.wide = alphabet.radix() > 256;
        this.minLength = minLength(alphabet.radix());
        this.maxLength = algorithm == FpeAlgorithm.FF3_1 ? ff3MaxLength(alphabet.radix()) : Integer.MAX_VALUE;
        FPEParameters text = textParameters;
        FPEParameters digits = digitParameters;
        this.engines = ThreadLocal.withInitial(() -> new Engines(algorithm, text, digits));
    }

    /**
     * A cipher for one key, tweak and alphabet.
     *
     * @param algorithm {@link FpeAlgorithm#FF1} or {@link FpeAlgorithm#FF3_1}
     * @param key an AES key: 16, 24 or 32 bytes (copied)
     * @param tweak FF1: any length, empty or null for none; FF3-1: 7 bytes, or empty or null for 7 zero
     *        bytes (copied)
     * @param alphabet the characters that are enciphered
     * @throws IllegalArgumentException for a key that is not 16, 24 or 32 bytes, or an FF3-1 tweak that
     *         is not 7 bytes (the message names lengths only, never the bytes)
     * @throws IllegalStateException when Bouncy Castle has the algorithm disabled (its system properties
     *         {@code org.bouncycastle.fpe.disable}, {@code org.bouncycastle.fpe.disable_ff1})
     */
    public static FormatPreservingCipher of(FpeAlgorithm algorithm, byte[] key, byte[] tweak, Alphabet alphabet) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(alphabet, "alphabet");
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("An FPE key must be an AES key of 16, 24 or 32 bytes, not "
                    + key.length + " bytes");
        }
        byte[] t = tweak == null ? new byte[0] : tweak;
        if (algorithm == FpeAlgorithm.FF3_1) {
            if (t.length == 0) {
                t = new byte[FF3_1_TWEAK_BYTES];
            } else if (t.length != FF3_1_TWEAK_BYTES) {
                throw new IllegalArgumentException("An FF3-1 tweak must be 7 bytes (56 bits), or none for 7 zero bytes, not "
                        + t.length + " bytes");
            }
        }
        FormatPreservingCipher cipher = new FormatPreservingCipher(algorithm, key, t, alphabet);
        try {
            cipher.engines.get();
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException(algorithm.nistName() + " is disabled in Bouncy Castle by a system property: "
                    + e.getMessage(), e);
        }
        return cipher;
    }

    /** The algorithm. */
    public FpeAlgorithm algorithm() {
        return algorithm;
    }

    /** The alphabet of the enciphered characters. */
    public Alphabet alphabet() {
        return alphabet;
    }

    /** The fewest characters the enciphered part may have: the least {@code n >= 2} with {@code radix^n >= 1,000,000}. */
    public int minLength() {
        return minLength;
    }

    /** The most characters the enciphered part may have: FF3-1's maximum, {@code Integer.MAX_VALUE} for FF1. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Whether {@link #encrypt(String, int, boolean) encrypt} and {@code decrypt} take {@code text} with
     * {@code keepLast}: whether its enciphered part is neither too short nor too long.
     */
    public boolean accepts(String text, int keepLast) {
        checkKeepLast(keepLast);
        int length = alphabetCount(text) - keepLast;
        return length >= minLength && length <= maxLength;
    }

    /** Whether {@link #encrypt(long)} and {@link #decrypt(long)} take {@code value}: {@code |value| >= 100,000}. */
    public boolean accepts(long value) {
        return digitCount(value < 0 ? -value : value) >= MIN_LONG_DIGITS;
    }

    /** {@code encrypt(text, 0, false)}: all alphabet characters enciphered, no Luhn walk. */
    public String encrypt(String text) {
        return encrypt(text, 0, false);
    }

    /** {@code decrypt(text, 0, false)}. */
    public String decrypt(String text) {
        return decrypt(text, 0, false);
    }

    /**
     * Enciphers the alphabet characters of {@code text} but the last {@code keepLast} of them, in place.
     *
     * @param text the value; characters outside the alphabet are kept in place
     * @param keepLast how many of the last alphabet characters stay as they are (0 for none)
     * @param luhn whether to preserve the Luhn validity of the number (radix-10 alphabets only)
     * @return a text of the same length with the same characters outside the alphabet
     * @throws FpeException when the enciphered part is too short or (FF3-1) too long
     * @throws IllegalArgumentException for a negative {@code keepLast}, or {@code luhn} with an alphabet
     *         whose radix is not 10
     */
    public String encrypt(String text, int keepLast, boolean luhn) {
        return process(text, keepLast, luhn, true);
    }

    /**
     * Inverts {@link #encrypt(String, int, boolean)} given the same {@code keepLast} and {@code luhn}:
     * {@code decrypt(encrypt(x, k, l), k, l)} is {@code x}.
     *
     * @throws FpeException when the enciphered part is too short or (FF3-1) too long
     * @throws IllegalArgumentException as {@code encrypt} does
     */
    public String decrypt(String text, int keepLast, boolean luhn) {
        return process(text, keepLast, luhn, false);
    }

    /**
     * Enciphers a {@code long}, keeping its sign and its number of decimal digits.
     *
     * @throws FpeException of {@link FpeException.Reason#TOO_SHORT} for {@code |value| < 100,000}
     */
    public long encrypt(long value) {
        return process(value, true);
    }

    /**
     * Inverts {@link #encrypt(long)}.
     *
     * @throws FpeException of {@link FpeException.Reason#TOO_SHORT} for {@code |value| < 100,000}
     */
    public long decrypt(long value) {
        return process(value, false);
    }

    private String process(String text, int keepLast, boolean luhn, boolean forEncryption) {
        Objects.requireNonNull(text, "text");
        checkKeepLast(keepLast);
        if (luhn && alphabet.radix() != 10) {
            throw new IllegalArgumentException("Luhn needs an alphabet of radix 10 (digits), not " + alphabet.radix());
        }
        char[] chars = text.toCharArray();
        int count = 0;
        for (char c : chars) {
            if (alphabet.contains(c)) {
                count++;
            }
        }
        int length = count - keepLast;
        checkLength(length);

        int width = wide ? 2 : 1;
        byte[] block = new byte[length * width];
        int luhnSuffix = 0;
        int k = 0;
        for (char c : chars) {
            int numeral = alphabet.indexOf(c);
            if (numeral < 0) {
                continue;
            }
            if (k < length) {
                if (wide) {
                    block[2 * k] = (byte) (numeral >>> 8);
                    block[2 * k + 1] = (byte) numeral;
                } else {
                    block[k] = (byte) numeral;
                }
            } else if (luhn) {
                luhnSuffix += luhnValue(numeral, count - 1 - k);
            }
            k++;
        }

        FPEEngine engine = engines.get().text(forEncryption);
        if (luhn) {
            boolean valid = luhnValid(block, length, count, luhnSuffix);
            int steps = 0;
            do {
                engine.processBlock(block, 0, block.length, block, 0);
                checkSteps(++steps);
            } while (luhnValid(block, length, count, luhnSuffix) != valid);
        } else {
            engine.processBlock(block, 0, block.length, block, 0);
        }

        k = 0;
        for (int i = 0; i < chars.length && k < length; i++) {
            if (alphabet.contains(chars[i])) {
                int numeral = wide ? (block[2 * k] & 0xFF) << 8 | block[2 * k + 1] & 0xFF : block[k] & 0xFF;
                chars[i] = alphabet.charAt(numeral);
                k++;
            }
        }
        return new String(chars);
    }

    private long process(long value, boolean forEncryption) {
        boolean negative = value < 0;
        // Long.MIN_VALUE negates to itself, which as an unsigned number is its magnitude 2^63.
        long magnitude = negative ? -value : value;
        int digits = digitCount(magnitude);
        if (digits < MIN_LONG_DIGITS) {
            throw new FpeException(FpeException.Reason.TOO_SHORT,
                    "A long needs at least " + MIN_LONG_DIGITS + " digits for FPE (radix 10: 10^6 = 1,000,000 values)");
        }
        long max = digits < 19 ? POWERS_OF_TEN[digits] - 1 : negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        byte[] block = new byte[digits];
        long rest = magnitude;
        for (int i = digits - 1; i >= 0; i--) {
            block[i] = (byte) Long.remainderUnsigned(rest, 10);
            rest = Long.divideUnsigned(rest, 10);
        }
        FPEEngine engine = engines.get().digits(forEncryption);
        int steps = 0;
        long result;
        do {
            engine.processBlock(block, 0, digits, block, 0);
            checkSteps(++steps);
            result = 0;
            for (int i = 0; i < digits; i++) {
                result = result * 10 + block[i];
            }
        } while (block[0] == 0 || Long.compareUnsigned(result, max) > 0);
        return negative ? -result : result;
    }

    private void checkLength(int length) {
        if (length < minLength) {
            throw new FpeException(FpeException.Reason.TOO_SHORT, "The enciphered part of a value is shorter than "
                    + minLength + " characters, " + algorithm.nistName() + "'s minimum for radix " + alphabet.radix()
                    + " (radix^length >= 1,000,000)");
        }
        if (length > maxLength) {
            throw new FpeException(FpeException.Reason.TOO_LONG, "The enciphered part of a value is longer than "
                    + maxLength + " characters, " + algorithm.nistName() + "'s maximum for radix " + alphabet.radix()
                    + " (2 * floor(log_radix(2^96)))");
        }
    }

    private static void checkKeepLast(int keepLast) {
        if (keepLast < 0) {
            throw new IllegalArgumentException("keepLast must not be negative");
        }
    }

    private static void checkSteps(int steps) {
        if (steps > MAX_WALK) {
            throw new FpeException(FpeException.Reason.WALK_LIMIT,
                    "Cycle-walking did not end within " + MAX_WALK + " steps");
        }
    }

    private int alphabetCount(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (alphabet.contains(text.charAt(i))) {
                count++;
            }
        }
        return count;
    }

    /** Luhn's value of a digit {@code place} places from the right (0 for the check digit). */
    private static int luhnValue(int digit, int place) {
        return (place & 1) == 0 ? digit : LUHN_DOUBLED[digit];
    }

    /** Whether the whole number, {@code length} enciphered digits then the suffix, passes Luhn. */
    private static boolean luhnValid(byte[] block, int length, int count, int suffixSum) {
        int sum = suffixSum;
        for (int k = 0; k < length; k++) {
            sum += luhnValue(block[k], count - 1 - k);
        }
        return sum % 10 == 0;
    }

    /** The number of decimal digits of {@code magnitude} read as unsigned. */
    private static int digitCount(long magnitude) {
        if (magnitude < 0) {
            return 19; // 2^63 (Long.MIN_VALUE's magnitude)
        }
        int digits = 1;
        while (digits < 19 && magnitude >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        return digits;
    }

    /** The least {@code n >= 2} with {@code radix^n >= 1,000,000}. */
    static int minLength(int radix) {
        int n = 1;
        long domain = radix;
        while (n < 2 || domain < MIN_DOMAIN) {
            domain *= radix;
            n++;
        }
        return n;
    }

    /**
     * FF3-1's maximum length, {@code 2 * floor(log_radix(2^96))}, computed exactly, and never above
     * Bouncy Castle's floating-point evaluation of the same formula (so its engine never refuses a
     * length this class let through).
     */
    static int ff3MaxLength(int radix) {
        BigInteger limit = BigInteger.ONE.shiftLeft(96);
        BigInteger r = BigInteger.valueOf(radix);
        int half = 0;
        BigInteger power = r;
        while (power.compareTo(limit) <= 0) {
            half++;
            power = power.multiply(r);
        }
        int floating = 2 * (int) Math.floor(Math.log(Math.pow(2, 96)) / Math.log(radix));
        return Math.min(2 * half, floating);
    }

    /** Names the algorithm, key size and alphabet; never the key or the tweak's bytes. */
    @Override
    public String toString() {
        return "FormatPreservingCipher[" + algorithm.nistName() + ", AES-" + keyBits + ", " + alphabet
                + ", tweak of " + tweakBytes + " bytes]";
    }

    /**
     * One thread's engines: the alphabet's radix both ways, and radix 10 for {@code long}s. Static, so
     * that a thread's value does not hold the cipher, and with it the {@code ThreadLocal}, in reach:
     * a cipher no longer used can be collected while the threads that used it live on.
     */
    private static final class Engines {
        private final FpeAlgorithm algorithm;
        private final FPEParameters digitParameters;
        private final boolean digitsAreText;
        private final FPEEngine encrypt;
        private final FPEEngine decrypt;
        private FPEEngine encryptDigits;
        private FPEEngine decryptDigits;

        Engines(FpeAlgorithm algorithm, FPEParameters textParameters, FPEParameters digitParameters) {
            this.algorithm = algorithm;
            this.digitParameters = digitParameters;
            this.digitsAreText = digitParameters == textParameters;
            this.encrypt = engine(true, textParameters);
            this.decrypt = engine(false, textParameters);
        }

        FPEEngine text(boolean forEncryption) {
            return forEncryption ? encrypt : decrypt;
        }

        FPEEngine digits(boolean forEncryption) {
            if (digitsAreText) {
                return text(forEncryption);
            }
            if (forEncryption) {
                if (encryptDigits == null) {
                    encryptDigits = engine(true, digitParameters);
                }
                return encryptDigits;
            }
            if (decryptDigits == null) {
                decryptDigits = engine(false, digitParameters);
            }
            return decryptDigits;
        }

        private FPEEngine engine(boolean forEncryption, FPEParameters parameters) {
            FPEEngine engine = algorithm == FpeAlgorithm.FF1
                    ? new FPEFF1Engine(AESEngine.newInstance())
                    : new FPEFF3_1Engine(AESEngine.newInstance());
            engine.init(forEncryption, parameters);
            return engine;
        }
    }
}
