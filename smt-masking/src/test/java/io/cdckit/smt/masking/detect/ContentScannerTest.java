package io.cdckit.smt.masking.detect;

import io.cdckit.core.config.ConfigValue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

import static io.cdckit.smt.masking.detect.Detect.found;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentScannerTest {

    private static final BiFunction<String, Detector, String> STARS = (match, detector) -> "*".repeat(match.length());

    private static final ContentScanner ALL = ContentScanner.of(EnumSet.allOf(Detector.class), "NO");

    @Test
    void replacesAMatchAndKeepsTheRestOfTheText() {
        ContentScanner phones = ContentScanner.of(EnumSet.of(Detector.PHONE), "NO");
        assertEquals("call ************** today", phones.replace("call +47 912 34 567 today", STARS));
        assertEquals("call <phone> today",
                ALL.replace("call +47 912 34 567 today", (match, detector) -> "<" + detector.configValue() + ">"));
    }

    @Test
    void replacesEveryKindInOneText() {
        String text = "Kari (kari.nordmann@example.no, +47 912 34 567) paid with 4111 1111 1111 1111 from "
                + "NO93 8601 1117 947; logged in from 192.0.2.10 and 2001:db8::7.";
        assertEquals("Kari (<email>, <phone>) paid with <card> from <iban>; logged in from <ipv4> and <ipv6>.",
                ALL.replace(text, (match, detector) -> "<" + detector.configValue() + ">"));
        List<String> seen = new ArrayList<>();
        ALL.replace(text, (match, detector) -> {
            seen.add(match);
            return "";
        });
        assertEquals(List.of("kari.nordmann@example.no", "+47 912 34 567", "4111 1111 1111 1111",
                "NO93 8601 1117 947", "192.0.2.10", "2001:db8::7"), seen);
    }

    @Test
    void matchesAtTheEdgesOfTheText() {
        assertEquals("* and *", ALL.replace("a@example.com and 10.0.0.1", (m, d) -> "*"));
        assertEquals("*", ALL.replace("4111111111111111", (m, d) -> "*"));
        assertEquals("*,*", ALL.replace("a@example.com,10.0.0.1", (m, d) -> "*"));
        // glued together, neither is one: "com10" is no top-level domain, and the address follows a letter
        assertEquals(List.of(), ALL.find("a@example.com10.0.0.1"));
    }

    @Test
    void returnsTheSameInstanceWhenNothingMatched() {
        String text = new String("nothing personal here: order 42 shipped on 2024-05-01, v1.2.3.4.5");
        assertSame(text, ALL.replace(text, STARS));
        assertSame(text, ContentScanner.of(EnumSet.noneOf(Detector.class), null).replace(text, STARS));
        String empty = new String("");
        assertSame(empty, ALL.replace(empty, STARS));
        assertEquals(null, ALL.replace(null, STARS));
        String masked = ALL.replace("x a@example.com", STARS);
        assertNotSame("x a@example.com", masked);
    }

    @Test
    void findIsSortedUnmodifiableAndNeverNull() {
        assertEquals(List.of(), ALL.find(null));
        assertEquals(List.of(), ALL.find(""));
        assertEquals(List.of(), ALL.find("plain words"));
        List<Match> matches = ALL.find("10.0.0.1 then a@example.com then 4111111111111111");
        assertEquals(List.of(new Match(0, 8, Detector.IPV4), new Match(14, 27, Detector.EMAIL),
                new Match(33, 49, Detector.CARD)), matches);
        assertThrows(UnsupportedOperationException.class, () -> matches.remove(0));
    }

    @Test
    void aScannerRunsOnlyItsDetectors() {
        ContentScanner emails = ContentScanner.of(Set.of(Detector.EMAIL), null);
        assertEquals(EnumSet.of(Detector.EMAIL), emails.detectors());
        assertEquals(List.of("a@example.com"), found(emails, "a@example.com 10.0.0.1 4111111111111111"));
        assertThrows(UnsupportedOperationException.class, () -> emails.detectors().add(Detector.CARD));
        assertEquals("ContentScanner[email, phone(NO), card, iban, ipv4, ipv6]", ALL.toString());
    }

    @Test
    void theDetectorsConfigTexts() {
        List<String> texts = new ArrayList<>();
        for (Detector d : Detector.values()) {
            texts.add(d.configValue());
        }
        assertEquals(List.of("email", "phone", "card", "iban", "ipv4", "ipv6"), texts);
        assertTrue(Detector.IPV6.matches(" IPv6 "));
        assertTrue(ConfigValue.class.isAssignableFrom(Detector.class));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(NullPointerException.class, () -> ContentScanner.of(null, "US"));
        Set<Detector> withNull = new HashSet<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> ContentScanner.of(withNull, "US"));
        assertThrows(IllegalArgumentException.class, () -> ContentScanner.of(EnumSet.of(Detector.PHONE), "XX"));
        assertThrows(NullPointerException.class, () -> ALL.replace("x", null));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ALL.replace("secret a@example.com", (m, d) -> null));
        assertEquals("the masker returned null for a match of detector email", e.getMessage());
        assertFalse(e.getMessage().contains("example"));
        assertThrows(IllegalArgumentException.class, () -> new Match(3, 3, Detector.CARD));
        assertThrows(IllegalArgumentException.class, () -> new Match(-1, 3, Detector.CARD));
        assertThrows(NullPointerException.class, () -> new Match(0, 3, null));
    }

    @Test
    void longPathologicalInputsFinish() {
        int mb = 1 << 20;
        String ats = "@".repeat(100_000);
        assertValid(ats, ALL.find(ats));
        String junk = junk(new Random(1), mb, "0123456789 .-:@abcdefxyzABCDEF+()_");
        assertValid(junk, ALL.find(junk));
        // Shapes that drive one detector or another as far as it goes; smaller, as libphonenumber's
        // matcher takes about a second a megabyte of digits.
        int n = mb / 4;
        List<String> inputs = List.of(
                junk(new Random(2), n, "0123456789"),
                junk(new Random(3), n, "0123456789 "),
                junk(new Random(4), n, "0123456789-"),
                "1 ".repeat(n / 2),
                "4111 ".repeat(n / 5),
                "1.".repeat(n / 2),
                "1:".repeat(n / 2),
                ":".repeat(n),
                "a.".repeat(n / 2) + "@" + "b.".repeat(n / 2),
                "a".repeat(n) + "@" + "b".repeat(n),
                "a@".repeat(n / 2),
                "a@b.".repeat(n / 4),
                "DE89".repeat(n / 4),
                "DE89 ".repeat(n / 5),
                "+".repeat(n),
                "(1)".repeat(n / 3));
        for (String input : inputs) {
            assertValid(input, ALL.find(input));
        }
    }

    @Test
    void noExceptionOnRandomText() {
        Random random = new Random(20240501);
        String alphabet = "0123456789 .-:@+()[]/_abcdefABCDEFxyzXYZ'\"<>,;\n\t\u00a0é名٣٤\uD835\uDFCE\uD800\uDC00";
        for (int i = 0; i < 4000; i++) {
            String text = i % 2 == 0 ? junk(random, random.nextInt(200), alphabet) : anyChars(random, random.nextInt(200));
            List<Match> matches = ALL.find(text);
            assertValid(text, matches);
            assertEquals(text, ALL.replace(text, (m, d) -> m));
            String masked = ALL.replace(text, STARS);
            assertEquals(text.length(), masked.length());
            if (matches.isEmpty()) {
                assertSame(text, masked);
            }
        }
        // realistic pieces glued together at random
        String[] pieces = {"a@example.com", "+47 912 34 567", "4111 1111 1111 1111", "NO93 8601 1117 947",
            "10.0.0.1", "2001:db8::1", " ", ".", ",", "x", "1", "-", ":", "@", "..", "::"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            List<Match> matches = ALL.find(text);
            assertValid(text, matches);
            for (Match m : matches) {
                assertTrue(ContentScanner.of(EnumSet.of(m.detector()), "NO").find(text).contains(m),
                        "a match of its detector alone");
            }
        }
    }

    private static void assertValid(String text, List<Match> matches) {
        int end = 0;
        for (Match m : matches) {
            assertTrue(m.start() >= end, "sorted, without overlaps");
            assertTrue(m.end() <= text.length(), "inside the text");
            end = m.end();
        }
    }

    private static String junk(Random random, int length, String alphabet) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Any UTF-16 code units, lone surrogates included. */
    private static String anyChars(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x80));
        }
        return new String(chars);
    }
}
