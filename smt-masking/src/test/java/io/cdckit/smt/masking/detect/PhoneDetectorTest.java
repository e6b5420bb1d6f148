package io.cdckit.smt.masking.detect;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static io.cdckit.smt.masking.detect.Detect.found;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneDetectorTest {

    private static ContentScanner phones(String region) {
        return ContentScanner.of(EnumSet.of(Detector.PHONE), region);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NO | call +47 912 34 567 today      | +47 912 34 567",
        "NO | call 912 34 567 today          | 912 34 567",
        "NO | ring 22 22 22 22, takk         | 22 22 22 22",
        "NO | sms til 91234567.              | 91234567",
        "NO | +4791234567                    | +4791234567",
        "NO | from abroad +1 (415) 555-2671  | +1 (415) 555-2671",
        "US | call (415) 555-2671 now        | (415) 555-2671",
        "US | call +1 415-555-2671 now       | +1 415-555-2671",
        "US | fax 415.555.2671               | 415.555.2671",
        "US | tel:+1-415-555-2671            | +1-415-555-2671",
        "US | 4155552671                     | 4155552671",
        "US | in Oslo: +47 912 34 567        | +47 912 34 567",
        "US | London +44 20 7946 0958        | +44 20 7946 0958",
        "us | call (415) 555-2671 now        | (415) 555-2671",
    })
    void findsANumber(String region, String text, String expected) {
        assertEquals(List.of(expected), found(phones(region), text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NO | order 12345678 shipped",
        "NO | call 912 34 567x",
        "US | call 912 34 567 today",
        "US | call 5552671",
        "US | card 4111 1111 1111 1111",
        "US | ip 192.168.1.1",
        "US | on 2024-05-01 at 12:30",
        "DE | DE89 3704 0044 0532 0130 00",
        "US | no digits at all",
    })
    void findsNone(String region, String text) {
        assertEquals(List.of(), found(phones(region), text));
    }

    @Test
    void withoutARegionOnlyNumbersWithACountryCode() {
        ContentScanner international = phones(null);
        assertNull(international.phoneRegion());
        assertEquals(List.of("+47 912 34 567"), found(international, "call +47 912 34 567 today"));
        assertEquals(List.of(), found(international, "call 912 34 567 today"));
        assertEquals(List.of(), found(international, "call (415) 555-2671 now"));
    }

    @Test
    void severalNumbers() {
        assertEquals(List.of("912 34 567", "+1 415-555-2671"),
                found(phones("NO"), "912 34 567 or, abroad, +1 415-555-2671"));
    }

    @Test
    void theRegionIsChecked() {
        assertEquals("NO", phones(" no ").phoneRegion());
        for (String bad : new String[] {"XX", "ZZ", "", "NOR", "Norway", "001", "4"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> phones(bad));
            assertEquals("the phone region is not a region libphonenumber supports:"
                    + " expected an ISO 3166-1 alpha-2 country code such as US or NO", e.getMessage());
        }
        // checked also when the phone detector is not used
        assertThrows(IllegalArgumentException.class, () -> ContentScanner.of(EnumSet.of(Detector.EMAIL), "XX"));
    }

    @Test
    void skippingTextsWithoutAClusterOfFiveDigitsLosesNoNumber() {
        // The scanner runs libphonenumber only on texts with five digits close together; run it on
        // every text and keep what the scanner keeps (five national digits or more): the same.
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        String alphabet = "0123456789  -.()+/x:,ab ٣";
        Random random = new Random(7);
        int numbers = 0;
        for (String region : new String[] {"NO", "US", "DE"}) {
            ContentScanner scanner = phones(region);
            for (int i = 0; i < 3000; i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = random.nextInt(30); k > 0; k--) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String text = sb.toString();
                List<Match> expected = new ArrayList<>();
                for (PhoneNumberMatch m : util.findNumbers(text, region, Leniency.VALID, Long.MAX_VALUE)) {
                    if (util.getNationalSignificantNumber(m.number()).length() >= PhoneScan.MIN_DIGITS) {
                        expected.add(new Match(m.start(), m.end(), Detector.PHONE));
                    }
                }
                assertEquals(expected, scanner.find(text), text);
                numbers += expected.size();
            }
        }
        assertTrue(numbers > 20, "the random texts hold numbers");
    }
}
