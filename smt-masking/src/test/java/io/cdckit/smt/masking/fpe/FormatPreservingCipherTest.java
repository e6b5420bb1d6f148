package io.cdckit.smt.masking.fpe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatPreservingCipherTest {

    private static final String SEPARATORS = "-+ @._/";

    private static byte[] key(int bytes, int seed) {
        byte[] key = new byte[bytes];
        new Random(seed).nextBytes(key);
        return key;
    }

    private static FormatPreservingCipher cipher(FpeAlgorithm algorithm, Alphabet alphabet) {
        return FormatPreservingCipher.of(algorithm, key(32, 1), tweak(algorithm, 2), alphabet);
    }

    private static byte[] tweak(FpeAlgorithm algorithm, int seed) {
        return key(algorithm == FpeAlgorithm.FF1 ? 11 : 7, seed);
    }

    /** Alphabets beyond the built-in ones: radix 2, a reordered radix 10, and radix 300 (two bytes a numeral). */
    private static Alphabet[] alphabets() {
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            wide.append((char) ('\u0400' + i));
        }
        return new Alphabet[] {Alphabet.DIGITS, Alphabet.ALPHANUMERIC, Alphabet.LOWERCASE, Alphabet.UPPERCASE,
            Alphabet.named("01"), Alphabet.named("9876543210"), Alphabet.named(wide.toString())};
    }

    static Stream<Arguments> algorithmsKeySizesAndAlphabets() {
        List<Arguments> all = new ArrayList<>();
        for (FpeAlgorithm algorithm : FpeAlgorithm.values()) {
            for (int keyBytes : new int[] {16, 24, 32}) {
                for (Alphabet alphabet : alphabets()) {
                    all.add(Arguments.of(algorithm, keyBytes, alphabet));
                }
            }
        }
        return all.stream();
    }

    /** A random text: {@code count} alphabet characters with separators between them here and there. */
    private static String randomText(Random random, Alphabet alphabet, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            while (random.nextInt(5) == 0) {
                b.append(SEPARATORS.charAt(random.nextInt(SEPARATORS.length())));
            }
            b.append(alphabet.charAt(random.nextInt(alphabet.radix())));
        }
        return b.toString();
    }

    private static int alphabetCount(Alphabet alphabet, String text) {
        int count = 0;
        for (char c : text.toCharArray()) {
            count += alphabet.contains(c) ? 1 : 0;
        }
        return count;
    }

    /** Position by position: separators kept, alphabet characters stay alphabet characters, the last {@code keepLast} kept. */
    private static void assertSameFormat(Alphabet alphabet, String in, String out, int keepLast) {
        assertEquals(in.length(), out.length(), "length");
        int seen = 0;
        int count = alphabetCount(alphabet, in);
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (alphabet.contains(c)) {
                assertTrue(alphabet.contains(out.charAt(i)), "alphabet character at " + i);
                if (seen >= count - keepLast) {
                    assertEquals(c, out.charAt(i), "kept character at " + i);
                }
                seen++;
            } else {
                assertEquals(c, out.charAt(i), "separator at " + i);
            }
        }
    }

    private static boolean luhnValid(String text) {
        int sum = 0;
        int place = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (place++ % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** A random card number of {@code length} digits, Luhn-valid or not. */
    private static String card(Random random, int length, boolean valid) {
        StringBuilder b = new StringBuilder().append((char) ('3' + random.nextInt(4)));
        while (b.length() < length - 1) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        for (char check = '0'; check <= '9'; check++) {
            if (luhnValid(b.toString() + check) == valid) {
                return b.append(check).toString();
            }
        }
        throw new AssertionError();
    }

    /** The card in groups of four, joined by {@code separator} (none for 0). */
    private static String grouped(String digits, char separator) {
        if (separator == 0) {
            return digits;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(separator);
            }
            b.append(digits.charAt(i));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- texts

    @ParameterizedTest(name = "{0} AES-{1}B {2}")
    @MethodSource("algorithmsKeySizesAndAlphabets")
    void randomTextsWithSeparatorsAndKeptSuffixesRoundTripInTheirFormat(FpeAlgorithm algorithm, int keyBytes,
                                                                           Alphabet alphabet) {
        FormatPreservingCipher cipher = FormatPreservingCipher.of(algorithm, key(keyBytes, keyBytes),
                tweak(algorithm, 3), alphabet);
        Random random = new Random(31L * keyBytes + alphabet.radix() + algorithm.ordinal());
        int min = cipher.minLength();
        int max = Math.min(cipher.maxLength(), min + 30);
        int changed = 0;
        int runs = 150;
        for (int run = 0; run < runs; run++) {
            int keepLast = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
            int count = min + keepLast + random.nextInt(max - min + 1);
            count = (int) Math.min(count, (long) cipher.maxLength() + keepLast);
            String text = randomText(random, alphabet, count);
            String enciphered = cipher.encrypt(text, keepLast, false);
            assertSameFormat(alphabet, text, enciphered, keepLast);
            assertEquals(text, cipher.decrypt(enciphered, keepLast, false));
            changed += enciphered.equals(text) ? 0 : 1;
        }
        assertTrue(changed > runs * 9 / 10, "most texts change");
    }

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void theLastFourOfACardStayAndSoDoTheSeparators(FpeAlgorithm algorithm) {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
        String card = "4111-1111-1111-1234";
        String enciphered = cipher.encrypt(card, 4, false);
        assertTrue(enciphered.matches("\\d{4}-\\d{4}-\\d{4}-1234"));
        assertNotEquals(card, enciphered);
        assertEquals(card, cipher.decrypt(enciphered, 4, false));
    }

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void charactersOutsideTheAlphabetStayEvenSurrogatePairs(FpeAlgorithm algorithm) {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.LOWERCASE);
        String text = "\ud83d\udcb3 Jane.Doe+cdc@Example.org";
        String enciphered = cipher.encrypt(text, 0, false);
        assertSameFormat(Alphabet.LOWERCASE, text, enciphered, 0);
        assertTrue(enciphered.startsWith("\ud83d\udcb3 J"));
        assertEquals(text, cipher.decrypt(enciphered));
    }

    @Test
    void ff1TakesLongValues() {
        FormatPreservingCipher cipher = cipher(FpeAlgorithm.FF1, Alphabet.DIGITS);
        String text = randomText(new Random(5), Alphabet.DIGITS, 300);
        String enciphered = cipher.encrypt(text);
        assertSameFormat(Alphabet.DIGITS, text, enciphered, 0);
        assertEquals(text, cipher.decrypt(enciphered));
        assertEquals(Integer.MAX_VALUE, cipher.maxLength());
    }

    // ---------------------------------------------------------------- Luhn

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void luhnValidCardsGiveLuhnValidCardsWithTheLastFourAndTheSeparatorsKept(FpeAlgorithm algorithm) {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
        Random random = new Random(7);
        Set<String> outputs = new HashSet<>();
        for (int run = 0; run < 300; run++) {
            int length = new int[] {15, 16, 16, 16, 19}[random.nextInt(5)];
            String card = grouped(card(random, length, true), new char[] {0, '-', ' '}[random.nextInt(3)]);
            for (int keepLast : new int[] {4, 0}) {
                String enciphered = cipher.encrypt(card, keepLast, true);
                assertTrue(luhnValid(enciphered), "Luhn-valid output");
                assertSameFormat(Alphabet.DIGITS, card, enciphered, keepLast);
                assertEquals(card, cipher.decrypt(enciphered, keepLast, true));
                outputs.add(enciphered);
            }
        }
        assertEquals(600, outputs.size(), "distinct inputs, distinct outputs");
    }

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void withoutLuhnCardsRoundTripButMostOutputsFailLuhn(FpeAlgorithm algorithm) {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
        Random random = new Random(8);
        int valid = 0;
        for (int run = 0; run < 300; run++) {
            String card = grouped(card(random, 16, true), '-');
            String enciphered = cipher.encrypt(card, 4, false);
            assertSameFormat(Alphabet.DIGITS, card, enciphered, 4);
            assertEquals(card, cipher.decrypt(enciphered, 4, false));
            valid += luhnValid(enciphered) ? 1 : 0;
        }
        assertTrue(valid < 100, "about one in ten is Luhn-valid by chance, here " + valid);
    }

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void inputsThatAreNotLuhnValidGiveOutputsThatAreNotAndRoundTrip(FpeAlgorithm algorithm) {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
        Random random = new Random(9);
        for (int run = 0; run < 300; run++) {
            String card = grouped(card(random, 16, false), ' ');
            String enciphered = cipher.encrypt(card, 4, true);
            assertFalse(luhnValid(enciphered), "not Luhn-valid, as the input");
            assertSameFormat(Alphabet.DIGITS, card, enciphered, 4);
            assertEquals(card, cipher.decrypt(enciphered, 4, true));
        }
    }

    @Test
    void luhnNeedsARadix10Alphabet() {
        FormatPreservingCipher cipher = cipher(FpeAlgorithm.FF1, Alphabet.ALPHANUMERIC);
        assertThrows(IllegalArgumentException.class, () -> cipher.encrypt("4111111111111111", 0, true));
    }

    // ---------------------------------------------------------------- longs

    private static int digits(long value) {
        return value == Long.MIN_VALUE ? 19 : Long.toString(Math.abs(value)).length();
    }

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void longsOfEveryLengthKeepTheirDigitCountAndSign(FpeAlgorithm algorithm) {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
        Random random = new Random(10);
        for (int digits = 6; digits <= 19; digits++) {
            long low = (long) Math.pow(10, digits - 1);
            long high = digits == 19 ? Long.MAX_VALUE : (long) Math.pow(10, digits) - 1;
            for (int run = 0; run < 60; run++) {
                long magnitude = low + (long) (random.nextDouble() * (high - low));
                long value = run % 2 == 0 ? magnitude : -magnitude;
                long enciphered = cipher.encrypt(value);
                assertEquals(digits, digits(enciphered), "digit count");
                assertEquals(Long.signum(value), Long.signum(enciphered), "sign");
                assertEquals(value, cipher.decrypt(enciphered));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, Long.MAX_VALUE, -Long.MAX_VALUE, 100_000L, -100_000L, 999_999L,
        1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L, 999_999_999_999_999_999L})
    void longsAtTheEdgesRoundTrip(long value) {
        for (FpeAlgorithm algorithm : FpeAlgorithm.values()) {
            FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
            assertTrue(cipher.accepts(value));
            long enciphered = cipher.encrypt(value);
            assertEquals(digits(value), digits(enciphered), "digit count");
            assertEquals(Long.signum(value), Long.signum(enciphered), "sign");
            assertEquals(value, cipher.decrypt(enciphered));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 99_999, -99_999, 12_345})
    void longsOfFewerThanSixDigitsAreTooShort(long value) {
        FormatPreservingCipher cipher = cipher(FpeAlgorithm.FF1, Alphabet.DIGITS);
        assertFalse(cipher.accepts(value));
        FpeException e = assertThrows(FpeException.class, () -> cipher.encrypt(value));
        assertTrue(e.isTooShort());
        assertEquals(FpeException.Reason.TOO_SHORT, e.reason());
        assertFalse(e.getMessage().contains(Long.toString(Math.abs(value))) && Math.abs(value) > 10, e.getMessage());
        assertTrue(assertThrows(FpeException.class, () -> cipher.decrypt(value)).isTooShort());
    }

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void longsAreEncipheredInRadix10WhateverTheAlphabet(FpeAlgorithm algorithm) {
        FormatPreservingCipher digits = cipher(algorithm, Alphabet.DIGITS);
        FormatPreservingCipher letters = cipher(algorithm, Alphabet.LOWERCASE);
        for (long value : new long[] {123_456L, -98_765_432_101L, Long.MIN_VALUE}) {
            assertEquals(digits.encrypt(value), letters.encrypt(value));
            assertEquals(value, letters.decrypt(letters.encrypt(value)));
        }
    }

    // ---------------------------------------------------------------- keys and tweaks

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void sameInputSameOutputAndOtherKeysOrTweaksOtherOutputs(FpeAlgorithm algorithm) {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
        FormatPreservingCipher same = FormatPreservingCipher.of(algorithm, key(32, 1), tweak(algorithm, 2), Alphabet.DIGITS);
        FormatPreservingCipher otherKey = FormatPreservingCipher.of(algorithm, key(32, 99), tweak(algorithm, 2), Alphabet.DIGITS);
        FormatPreservingCipher otherTweak = FormatPreservingCipher.of(algorithm, key(32, 1), tweak(algorithm, 98), Alphabet.DIGITS);
        FormatPreservingCipher otherAlgorithm = FormatPreservingCipher.of(
                algorithm == FpeAlgorithm.FF1 ? FpeAlgorithm.FF3_1 : FpeAlgorithm.FF1, key(32, 1), key(7, 2), Alphabet.DIGITS);
        Random random = new Random(11);
        for (int run = 0; run < 50; run++) {
            String card = card(random, 16, true);
            String enciphered = cipher.encrypt(card, 4, true);
            assertEquals(enciphered, cipher.encrypt(card, 4, true));
            assertEquals(enciphered, same.encrypt(card, 4, true));
            assertNotEquals(enciphered, otherKey.encrypt(card, 4, true));
            assertNotEquals(enciphered, otherTweak.encrypt(card, 4, true));
            assertNotEquals(enciphered, otherAlgorithm.encrypt(card, 4, true));
            long value = 1_000_000_000L + run;
            assertEquals(cipher.encrypt(value), same.encrypt(value));
            assertNotEquals(cipher.encrypt(value), otherKey.encrypt(value));
        }
    }

    @Test
    void ff3Dash1WithoutATweakUsesSevenZeroBytesAndFf1WithoutOneAnEmptyTweak() {
        String text = "0123456789";
        assertEquals(FormatPreservingCipher.of(FpeAlgorithm.FF3_1, key(16, 4), new byte[7], Alphabet.DIGITS).encrypt(text),
                FormatPreservingCipher.of(FpeAlgorithm.FF3_1, key(16, 4), new byte[0], Alphabet.DIGITS).encrypt(text));
        assertEquals(FormatPreservingCipher.of(FpeAlgorithm.FF3_1, key(16, 4), new byte[7], Alphabet.DIGITS).encrypt(text),
                FormatPreservingCipher.of(FpeAlgorithm.FF3_1, key(16, 4), null, Alphabet.DIGITS).encrypt(text));
        assertEquals(FormatPreservingCipher.of(FpeAlgorithm.FF1, key(16, 4), new byte[0], Alphabet.DIGITS).encrypt(text),
                FormatPreservingCipher.of(FpeAlgorithm.FF1, key(16, 4), null, Alphabet.DIGITS).encrypt(text));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 100})
    void ff1TakesATweakOfAnyLength(int length) {
        FormatPreservingCipher cipher = FormatPreservingCipher.of(FpeAlgorithm.FF1, key(16, 5), key(length, 6), Alphabet.DIGITS);
        assertEquals("123456", cipher.decrypt(cipher.encrypt("123456")));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 15, 17, 23, 25, 31, 33, 64})
    void keysThatAreNotAesKeysAreRefusedWithoutTheirBytes(int length) {
        for (FpeAlgorithm algorithm : FpeAlgorithm.values()) {
            byte[] key = new byte[length];
            java.util.Arrays.fill(key, (byte) 0xAB);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FormatPreservingCipher.of(algorithm, key, null, Alphabet.DIGITS));
            assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("abab"), e.getMessage());
            assertTrue(e.getMessage().contains("16, 24 or 32"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 6, 8, 16})
    void ff3Dash1TweaksThatAreNotSevenBytesAreRefusedWithoutTheirBytes(int length) {
        byte[] tweak = new byte[length];
        java.util.Arrays.fill(tweak, (byte) 0xCD);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FormatPreservingCipher.of(FpeAlgorithm.FF3_1, key(16, 7), tweak, Alphabet.DIGITS));
        assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("cdcd"), e.getMessage());
        assertTrue(e.getMessage().contains("7 bytes"), e.getMessage());
    }

    @Test
    void theKeyIsCopied() {
        byte[] key = key(16, 8);
        FormatPreservingCipher cipher = FormatPreservingCipher.of(FpeAlgorithm.FF1, key, null, Alphabet.DIGITS);
        String enciphered = cipher.encrypt("1234567890");
        java.util.Arrays.fill(key, (byte) 0);
        assertEquals(enciphered, cipher.encrypt("1234567890"));
    }

    @Test
    void toStringNamesNeitherKeyNorTweak() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0xAB);
        byte[] tweak = new byte[7];
        java.util.Arrays.fill(tweak, (byte) 0xCD);
        String s = FormatPreservingCipher.of(FpeAlgorithm.FF3_1, key, tweak, Alphabet.DIGITS).toString();
        assertEquals("FormatPreservingCipher[FF3-1, AES-256, Alphabet[digits], tweak of 7 bytes]", s);
        String hexKey = HexFormat.of().formatHex(key);
        assertFalse(s.toLowerCase(java.util.Locale.ROOT).contains(hexKey.substring(0, 4)));
    }

    // ---------------------------------------------------------------- lengths

    @Test
    void minimumAndMaximumLengthsFollowNist() {
        assertEquals(6, cipher(FpeAlgorithm.FF1, Alphabet.DIGITS).minLength());
        assertEquals(4, cipher(FpeAlgorithm.FF1, Alphabet.ALPHANUMERIC).minLength());
        assertEquals(5, cipher(FpeAlgorithm.FF1, Alphabet.LOWERCASE).minLength());
        assertEquals(20, cipher(FpeAlgorithm.FF1, Alphabet.named("01")).minLength());
        assertEquals(56, cipher(FpeAlgorithm.FF3_1, Alphabet.DIGITS).maxLength());
        assertEquals(32, cipher(FpeAlgorithm.FF3_1, Alphabet.ALPHANUMERIC).maxLength());
        assertEquals(40, cipher(FpeAlgorithm.FF3_1, Alphabet.UPPERCASE).maxLength());
        assertEquals(36, cipher(FpeAlgorithm.FF3_1, Alphabet.named("0123456789abcdefghijklmnopqrstuvwxyz")).maxLength());
        assertEquals(192, cipher(FpeAlgorithm.FF3_1, Alphabet.named("01")).maxLength());
        for (int radix = 2; radix <= 65536; radix++) {
            int length = FormatPreservingCipher.ff3MaxLength(radix);
            java.math.BigInteger r = java.math.BigInteger.valueOf(radix);
            java.math.BigInteger limit = java.math.BigInteger.ONE.shiftLeft(96);
            assertTrue(r.pow(length / 2).compareTo(limit) <= 0, "radix " + radix);
            assertTrue(r.pow(length / 2 + 1).compareTo(limit) > 0, "radix " + radix);
            int min = FormatPreservingCipher.minLength(radix);
            assertTrue(min >= 2 && r.pow(min).compareTo(java.math.BigInteger.valueOf(1_000_000)) >= 0, "radix " + radix);
            assertTrue(min == 2 || r.pow(min - 1).compareTo(java.math.BigInteger.valueOf(1_000_000)) < 0, "radix " + radix);
        }
    }

    static Stream<Arguments> tooShort() {
        return Stream.of(
                Arguments.of(Alphabet.DIGITS, "98765", 0),
                Arguments.of(Alphabet.DIGITS, "9876-5432", 4),
                Arguments.of(Alphabet.DIGITS, "987654", 1),
                Arguments.of(Alphabet.DIGITS, "98765432", 20),
                Arguments.of(Alphabet.DIGITS, "", 0),
                Arguments.of(Alphabet.DIGITS, "--/--", 0),
                Arguments.of(Alphabet.ALPHANUMERIC, "xQz", 0),
                Arguments.of(Alphabet.LOWERCASE, "jane", 0));
    }

    @ParameterizedTest
    @MethodSource("tooShort")
    void tooShortValuesThrowAValueFreeTooShortException(Alphabet alphabet, String text, int keepLast) {
        for (FpeAlgorithm algorithm : FpeAlgorithm.values()) {
            FormatPreservingCipher cipher = cipher(algorithm, alphabet);
            assertFalse(cipher.accepts(text, keepLast));
            for (boolean encrypt : new boolean[] {true, false}) {
                FpeException e = assertThrows(FpeException.class, () -> {
                    if (encrypt) {
                        cipher.encrypt(text, keepLast, false);
                    } else {
                        cipher.decrypt(text, keepLast, false);
                    }
                });
                assertTrue(e.isTooShort());
                assertTrue(text.length() < 3 || !e.getMessage().contains(text), e.getMessage());
                assertFalse(text.length() >= 4 && e.getMessage().contains(text.substring(0, 4)), e.getMessage());
            }
        }
    }

    @Test
    void theShortestValuesAreEnciphered() {
        for (FpeAlgorithm algorithm : FpeAlgorithm.values()) {
            assertTrue(cipher(algorithm, Alphabet.DIGITS).accepts("123456", 0));
            assertEquals("123456", cipher(algorithm, Alphabet.DIGITS).decrypt(cipher(algorithm, Alphabet.DIGITS).encrypt("123456")));
            assertEquals("jo.doe", cipher(algorithm, Alphabet.LOWERCASE).decrypt(cipher(algorithm, Alphabet.LOWERCASE).encrypt("jo.doe")));
            assertEquals("xQz9", cipher(algorithm, Alphabet.ALPHANUMERIC).decrypt(cipher(algorithm, Alphabet.ALPHANUMERIC).encrypt("xQz9")));
        }
    }

    @Test
    void ff3Dash1RefusesAnEncipheredPartLongerThanItsMaximum() {
        FormatPreservingCipher cipher = cipher(FpeAlgorithm.FF3_1, Alphabet.DIGITS);
        String longest = "12345678901234567890123456789012345678901234567890123456";
        assertEquals(56, longest.length());
        assertEquals(longest, cipher.decrypt(cipher.encrypt(longest)));
        String tooLong = longest + "7";
        assertFalse(cipher.accepts(tooLong, 0));
        assertTrue(cipher.accepts(tooLong, 1));
        FpeException e = assertThrows(FpeException.class, () -> cipher.encrypt(tooLong));
        assertEquals(FpeException.Reason.TOO_LONG, e.reason());
        assertFalse(e.isTooShort());
        assertTrue(e.getMessage().contains("56"), e.getMessage());
        assertFalse(e.getMessage().contains("1234"), e.getMessage());
        assertEquals(tooLong, cipher.decrypt(cipher.encrypt(tooLong, 1, false), 1, false));
    }

    @Test
    void aNegativeKeepLastIsRefused() {
        FormatPreservingCipher cipher = cipher(FpeAlgorithm.FF1, Alphabet.DIGITS);
        assertThrows(IllegalArgumentException.class, () -> cipher.encrypt("1234567890", -1, false));
        assertThrows(IllegalArgumentException.class, () -> cipher.decrypt("1234567890", -1, false));
    }

    // ---------------------------------------------------------------- threads

    @ParameterizedTest
    @EnumSource(FpeAlgorithm.class)
    void oneInstanceServesManyThreads(FpeAlgorithm algorithm) throws Exception {
        FormatPreservingCipher cipher = cipher(algorithm, Alphabet.DIGITS);
        FormatPreservingCipher reference = cipher(algorithm, Alphabet.DIGITS);
        Random random = new Random(12);
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            cards.add(grouped(card(random, 16, true), '-'));
        }
        List<String> expected = new ArrayList<>();
        for (String card : cards) {
            expected.add(reference.encrypt(card, 4, true));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < cards.size(); i++) {
                        int k = (i + offset * 97) % cards.size();
                        String enciphered = cipher.encrypt(cards.get(k), 4, true);
                        assertEquals(expected.get(k), enciphered);
                        assertEquals(cards.get(k), cipher.decrypt(enciphered, 4, true));
                        long value = 4_000_000_000_000_000L + k;
                        assertEquals(value, cipher.decrypt(cipher.encrypt(value)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
