package io.cdckit.smt.masking.detect;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The overlap rule: the longer match wins, then the earlier, then the stronger check. */
class DetectOverlapTest {

    @Test
    void anIpv4TailBelongsToItsIpv6Address() {
        ContentScanner ips = ContentScanner.of(EnumSet.of(Detector.IPV4, Detector.IPV6), null);
        assertEquals(List.of(new Match(3, 21, Detector.IPV6)), ips.find("to ::ffff:192.0.2.128 now"));
        assertEquals(List.of(new Match(0, 11, Detector.IPV4), new Match(12, 30, Detector.IPV6)),
                ips.find("192.0.2.128 ::ffff:192.0.2.128"));
    }

    @Test
    void aPhoneNumberInsideAnEmailAddressIsPartOfTheAddress() {
        ContentScanner scanner = ContentScanner.of(EnumSet.of(Detector.EMAIL, Detector.PHONE), "US");
        String text = "mail john.4155552671@example.com now";
        assertEquals(List.of(new Match(5, 32, Detector.EMAIL)), scanner.find(text));
        // the phone detector alone does find it
        assertEquals(List.of("4155552671"), Detect.found(ContentScanner.of(EnumSet.of(Detector.PHONE), "US"), text));
    }

    @Test
    void digitsOfAnIbanAreNotAPhoneNumber() {
        String text = "iban NL91 ABNA 0417 1643 00 x";
        assertEquals(List.of("0417 1643 00"), Detect.found(ContentScanner.of(EnumSet.of(Detector.PHONE), "DE"), text));
        ContentScanner scanner = ContentScanner.of(EnumSet.of(Detector.IBAN, Detector.PHONE), "DE");
        assertEquals(List.of(new Match(5, 27, Detector.IBAN)), scanner.find(text));
    }

    @Test
    void theLongerMatchWins() {
        assertEquals(List.of(m(0, 10, Detector.PHONE)), resolve(m(2, 8, Detector.CARD), m(0, 10, Detector.PHONE)));
        assertEquals(List.of(m(5, 20, Detector.PHONE)), resolve(m(0, 10, Detector.CARD), m(5, 20, Detector.PHONE)));
    }

    @Test
    void ofTwoAsLongTheEarlierWins() {
        assertEquals(List.of(m(0, 10, Detector.PHONE)), resolve(m(5, 15, Detector.IBAN), m(0, 10, Detector.PHONE)));
    }

    @Test
    void ofTwoOnTheSameCharactersTheStrongerCheckWins() {
        assertEquals(List.of(m(0, 16, Detector.CARD)), resolve(m(0, 16, Detector.PHONE), m(0, 16, Detector.CARD)));
        assertEquals(List.of(m(0, 16, Detector.IBAN)), resolve(m(0, 16, Detector.CARD), m(0, 16, Detector.IBAN)));
        assertEquals(List.of(m(0, 9, Detector.IPV4)), resolve(m(0, 9, Detector.PHONE), m(0, 9, Detector.IPV4)));
    }

    @Test
    void aShorterMatchSurvivesWhereNothingKeptOverlapsIt() {
        // the chain a [0,10) - b [8,14) - c [12,20): a and c are kept, b overlaps both
        assertEquals(List.of(m(0, 10, Detector.EMAIL), m(12, 20, Detector.PHONE)),
                resolve(m(8, 14, Detector.CARD), m(12, 20, Detector.PHONE), m(0, 10, Detector.EMAIL)));
        // b [8,14) is dropped for the longer a; c [13,20) then overlaps nothing kept
        assertEquals(List.of(m(0, 12, Detector.EMAIL), m(13, 20, Detector.PHONE), m(30, 31, Detector.IPV4)),
                resolve(m(0, 12, Detector.EMAIL), m(8, 14, Detector.CARD), m(13, 20, Detector.PHONE),
                        m(30, 31, Detector.IPV4)));
    }

    @Test
    void matchesWithoutOverlapAreSortedAndKept() {
        assertEquals(List.of(m(0, 3, Detector.IPV4), m(3, 6, Detector.EMAIL), m(9, 12, Detector.CARD)),
                resolve(m(9, 12, Detector.CARD), m(0, 3, Detector.IPV4), m(3, 6, Detector.EMAIL)));
    }

    private static Match m(int start, int end, Detector detector) {
        return new Match(start, end, detector);
    }

    private static List<Match> resolve(Match... matches) {
        Hits hits = null;
        for (Match m : matches) {
            hits = Hits.add(hits, m.start(), m.end(), m.detector());
        }
        return hits.resolved();
    }
}
