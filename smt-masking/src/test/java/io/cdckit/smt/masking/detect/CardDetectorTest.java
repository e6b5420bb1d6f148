package io.cdckit.smt.masking.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.List;

import static io.cdckit.smt.masking.detect.Detect.found;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CardDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5555 5555 5555 4444",
        "5105-1051-0510-5100",
        "2223 0031 2200 3222",
        "3782 822463 10005",
        "378282246310005",
        "3056 930902 5904",
        "6011 1111 1111 1117",
        "3530 1113 3330 0000",
        "4222222222222",
        "4000 0000 0000 0000 006",
        "4000000000000000006",
        "6221 2600 0000 0000 001",
    })
    void findsANumber(String card) {
        assertEquals(List.of(card), found(Detector.CARD, card));
        assertEquals(List.of(card), found(Detector.CARD, "paid with " + card + ", thanks"));
        assertEquals(List.of(card), found(Detector.CARD, "card=" + card + "."));
        assertEquals(List.of(card), found(Detector.CARD, "(" + card + ")"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111 1111 1111 1112",      // Luhn-invalid
        "4111111111111112",
        "5555 5555 5555 4445",
        "411111111117",             // 12 digits, Luhn-valid
        "4111 1111 1117",
        "41111111111111111115",     // 20 digits, Luhn-valid
        "1714560000007",            // an epoch-millisecond timestamp, Luhn-valid
        "0000 0000 0000 0000",
        "4111 1111-1111 1111",      // mixed separators
        "4111  1111  1111  1111",   // double spaces
        "4111 11 11 1111 1111",     // groups of 2 inside
        "x4111111111111111",        // glued to a word
        "4111111111111111x",
        "4111111111111111_",
        "٣4111111111111111",        // an Arabic-Indic digit before
        "no digits at all",
    })
    void findsNone(String text) {
        assertEquals(List.of(), found(Detector.CARD, text));
    }

    @Test
    void digitsAfterTheNumberDoNotHideIt() {
        assertEquals(List.of("4111 1111 1111 1111"), found(Detector.CARD, "4111 1111 1111 1111 123"));
        assertEquals(List.of("4111 1111 1111 1111"), found(Detector.CARD, "qty 12 4111 1111 1111 1111"));
        assertEquals(List.of("4111-1111-1111-1111"), found(Detector.CARD, "4111-1111-1111-1111 2027"));
    }

    @Test
    void severalNumbers() {
        assertEquals(List.of("4111 1111 1111 1111", "5555555555554444"),
                found(Detector.CARD, "4111 1111 1111 1111 or 5555555555554444"));
    }

    @Test
    void aPhoneDetectorDoesNotClaimACardNumber() {
        for (String region : new String[] {"US", "NO", "DE", "GB", "FR", "IN", "BR", "CN"}) {
            ContentScanner scanner = ContentScanner.of(EnumSet.of(Detector.CARD, Detector.PHONE), region);
            for (String card : new String[] {"4111 1111 1111 1111", "5555 5555 5555 4444", "3782 822463 10005",
                "6011 1111 1111 1117", "4012888888881881", "6200 0000 0000 0005"}) {
                String text = "card " + card + " end";
                assertEquals(List.of(new Match(5, 5 + card.length(), Detector.CARD)), scanner.find(text), region);
            }
        }
    }
}
