package io.cdckit.smt.masking.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.cdckit.smt.masking.detect.Detect.found;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IbanDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "GB29NWBK60161331926819",
        "GB29 NWBK 6016 1331 9268 19",
        "NO9386011117947",
        "NO93 8601 1117 947",
        "FR1420041010050500013M02606",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "BE68 5390 0754 7034",
        "CH93 0076 2011 6238 5295 7",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
        "de89 3704 0044 0532 0130 00",            // a registered country, in lower case
        "AA2712345678901234",                     // a country code the table does not have, in capitals
    })
    void findsAnIban(String iban) {
        assertEquals(List.of(iban), found(Detector.IBAN, iban));
        assertEquals(List.of(iban), found(Detector.IBAN, "IBAN: " + iban + ", BIC: COBADEFFXXX"));
        assertEquals(List.of(iban), found(Detector.IBAN, "pay to " + iban + "."));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DE89370400440532013001",                 // one digit changed
        "DE89 3704 0044 0532 0130 01",
        "DE88 3704 0044 0532 0130 00",
        "GB29NWBK60161331926818",
        "GB29 NWBK 6016 1331 9268 18",
        "NO9386011117948",
        "NO93 8601 1117 948",
        "FR1420041010050500013M02607",
        "FR14 2004 1010 0505 0001 3M02 607",
        "DE543704004405320130001",                // valid checksum, one character too long for DE
        "aa2712345678901234",                     // not a registered country, and not in capitals
        "DE89 37040044 0532 0130 00",             // groups not of four
        "DE89 3704 0044 0532 0130 0",             // cut short
        "xDE89370400440532013000",                // glued to a word
        "DE89370400440532013000x",
        "DE89 3704 0044 0532 0130 00x",
        "no iban here at all, none",
    })
    void findsNone(String text) {
        assertEquals(List.of(), found(Detector.IBAN, text));
    }

    @Test
    void aGroupedIbanEndsAtItsLength() {
        // NO is 15 long: a further group of four after it is not part of it
        assertEquals(List.of("NO93 8601 1117 947"), found(Detector.IBAN, "NO93 8601 1117 947 1234"));
        assertEquals(List.of("BE68 5390 0754 7034"), found(Detector.IBAN, "BE68 5390 0754 7034 5678"));
    }

    @Test
    void severalIbans() {
        assertEquals(List.of("DE89370400440532013000", "GB29 NWBK 6016 1331 9268 19"),
                found(Detector.IBAN, "from DE89370400440532013000 to GB29 NWBK 6016 1331 9268 19"));
    }

    @Test
    void theLengthTableHasTheCommonCountries() {
        assertEquals(22, IbanScan.length('D', 'E'));
        assertEquals(22, IbanScan.length('G', 'B'));
        assertEquals(15, IbanScan.length('N', 'O'));
        assertEquals(27, IbanScan.length('F', 'R'));
        assertEquals(0, IbanScan.length('U', 'S'));
    }
}
