package io.cdckit.smt.masking.detect;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Finds telephone numbers with libphonenumber's matcher at {@link Leniency#VALID}: the number must
 * be a valid number of its country by the metadata (length and number ranges), and the matcher's
 * own rules about the text around it hold (no letter glued to it). {@code POSSIBLE} (length only)
 * also takes order numbers, and pieces of IBANs for regions with short numbers, and finds no common
 * format that {@code VALID} misses.
 *
 * <p>A number whose national significant number has fewer than {@link #MIN_DIGITS} digits is not
 * reported: such numbers (a handful of small territories have them) cannot be told from the other
 * short numbers of a text. In return the matcher, which is by far the most expensive detector, is
 * run only when the text has a cluster of at least that many digits, none more than four characters
 * from the next (the matcher allows at most four punctuation characters between digit blocks).
 */
final class PhoneScan {

    static final int MIN_DIGITS = 5;
    /** The most characters the matcher allows between two digits of one number, plus one. */
    static final int MAX_DIGIT_DISTANCE = 5;
    /** libphonenumber's region for "no default region": only numbers written with a country code. */
    static final String INTERNATIONAL_ONLY = "ZZ";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneScan() {
    }

    /** Whether libphonenumber knows {@code region} (an upper-case ISO 3166-1 alpha-2 code). */
    static boolean isSupported(String region) {
        return UTIL.getSupportedRegions().contains(region);
    }

    static Hits scan(String text, String region, Hits hits) {
        for (PhoneNumberMatch match : UTIL.findNumbers(text, region, Leniency.VALID, Long.MAX_VALUE)) {
            if (nationalDigits(match.number()) >= MIN_DIGITS) {
                hits = Hits.add(hits, match.start(), match.end(), Detector.PHONE);
            }
        }
        return hits;
    }

    /** The digits of the national significant number, counted without making its text. */
    private static int nationalDigits(PhoneNumber number) {
        int digits = 0;
        for (long n = number.getNationalNumber(); n > 0; n /= 10) {
            digits++;
        }
        if (number.isItalianLeadingZero()) {
            digits += Math.max(1, number.getNumberOfLeadingZeros());
        }
        return digits;
    }
}
