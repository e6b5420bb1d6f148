package io.cdckit.smt.masking.fpe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlphabetTest {

    @Test
    void namedAlphabetsHaveTheirCharactersInNumeralOrder() {
        assertEquals("0123456789", Alphabet.named("digits").characters());
        assertEquals("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                Alphabet.named("alphanumeric").characters());
        assertEquals("abcdefghijklmnopqrstuvwxyz", Alphabet.named("lowercase").characters());
        assertEquals("ABCDEFGHIJKLMNOPQRSTUVWXYZ", Alphabet.named("uppercase").characters());
        assertEquals(10, Alphabet.DIGITS.radix());
        assertEquals(62, Alphabet.ALPHANUMERIC.radix());
        assertEquals(26, Alphabet.LOWERCASE.radix());
        assertEquals(26, Alphabet.UPPERCASE.radix());
        assertSame(Alphabet.ALPHANUMERIC, Alphabet.named(Alphabet.DEFAULT_NAME));
    }

    @Test
    void namesMatchIgnoringCaseAndSurroundingSpaces() {
        assertSame(Alphabet.DIGITS, Alphabet.named(" Digits "));
        assertSame(Alphabet.UPPERCASE, Alphabet.named("UPPERCASE"));
        assertTrue(Alphabet.DIGITS.isNamed());
        assertEquals("digits", Alphabet.DIGITS.configText());
    }

    @Test
    void theCharactersOfABuiltInAlphabetGiveTheBuiltInOne() {
        assertSame(Alphabet.DIGITS, Alphabet.named("0123456789"));
    }

    @Test
    void containsIndexOfAndCharAtAgree() {
        for (Alphabet a : new Alphabet[] {Alphabet.DIGITS, Alphabet.ALPHANUMERIC, Alphabet.LOWERCASE,
            Alphabet.UPPERCASE, Alphabet.named("xyz\u0430\u0431\u0432\u0433\u0434\u20ac")}) {
            for (int i = 0; i < a.radix(); i++) {
                char c = a.charAt(i);
                assertTrue(a.contains(c));
                assertEquals(i, a.indexOf(c));
            }
            for (char c : "-+ @._/\u0000\uffff".toCharArray()) {
                assertFalse(a.contains(c), a + " " + (int) c);
                assertEquals(-1, a.indexOf(c));
            }
        }
        assertFalse(Alphabet.DIGITS.contains('a'));
        assertFalse(Alphabet.LOWERCASE.contains('A'));
        assertFalse(Alphabet.UPPERCASE.contains('a'));
    }

    @Test
    void customAlphabetsKeepTheirOrder() {
        Alphabet a = Alphabet.named("9876543210");
        assertEquals(10, a.radix());
        assertEquals(0, a.indexOf('9'));
        assertEquals('0', a.charAt(9));
        assertFalse(a.isNamed());
        assertEquals("9876543210", a.configText());
        assertNotEquals(Alphabet.DIGITS, a);
        assertEquals(a, Alphabet.named("9876543210"));
        assertEquals(a.hashCode(), Alphabet.named("9876543210").hashCode());
        assertEquals(2, Alphabet.named("01").radix());
        assertEquals(" ab", Alphabet.named(" ab").characters(), "a custom alphabet is not trimmed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "aa", "abca", "letters"})
    void tooFewOrRepeatedCharactersAreRefusedQuotingTheConfigText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Alphabet.named(text));
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void nullIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Alphabet.named(null));
    }

    @Test
    void surrogatesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Alphabet.named("ab\ud83d\udcb3"));
        assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
    }

    @Test
    void theLargestAlphabetHasEveryNonSurrogateCharacter() {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (!Character.isSurrogate((char) c)) {
                b.append((char) c);
            }
        }
        Alphabet a = Alphabet.named(b.toString());
        assertEquals(0x10000 - 0x800, a.radix());
        assertEquals(0xFFFF - 0x800, a.indexOf('\uffff'));
    }

    @Test
    void toStringNamesTheAlphabet() {
        assertEquals("Alphabet[digits]", Alphabet.DIGITS.toString());
        assertEquals("Alphabet[\"abc\"]", Alphabet.named("abc").toString());
    }
}
