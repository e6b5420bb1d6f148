package io.cdckit.smt.masking.detect;

/**
 * Finds IBANs: a country code of two letters, two check digits and up to 30 letters and digits,
 * written together ({@code DE89370400440532013000}) or in groups of four separated by single spaces
 * with a shorter last group ({@code DE89 3704 0044 0532 0130 00}), valid by the ISO 7064 mod-97-10
 * check that ISO 13616 prescribes, and neither starting nor ending inside a word.
 *
 * <p>For the countries of the IBAN registry in {@link #LENGTHS} the length must be the country's
 * and the letters may be of either case. An IBAN of a country not in the table must be written in
 * capitals and be 15 to 34 characters long (the longest valid one is taken). The country's BBAN
 * structure (which positions are digits) is not checked: the checksum and the length already keep
 * out all but about one in a few thousand look-alikes.
 */
final class IbanScan {

    static final int MIN_LENGTH = 15;
    static final int MAX_LENGTH = 34;

    /** The IBAN length of each country code, indexed by {@code (first - 'A') * 26 + (second - 'A')}. */
    private static final byte[] LENGTHS = new byte[26 * 26];

    static {
        String registry = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28"
                + " CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18"
                + " GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21"
                + " LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23"
                + " PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23"
                + " ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String entry : registry.split(" ")) {
            LENGTHS[(entry.charAt(0) - 'A') * 26 + (entry.charAt(1) - 'A')] =
                    (byte) Integer.parseInt(entry.substring(2));
        }
    }

    private IbanScan() {
    }

    /** The registered IBAN length of a country (upper-case code), 0 if the table has none. */
    static int length(char first, char second) {
        return LENGTHS[(first - 'A') * 26 + (second - 'A')];
    }

    static Hits scan(String text, Hits hits) {
        int n = text.length();
        int i = 0;
        while (i + MIN_LENGTH <= n) {
            if (Chars.isLetter(text.charAt(i)) && Chars.isLetter(text.charAt(i + 1))
                    && Chars.isDigit(text.charAt(i + 2)) && Chars.isDigit(text.charAt(i + 3))
                    && !Chars.isWordBefore(text, i)) {
                int end = ibanAt(text, i, n);
                if (end > 0) {
                    hits = Hits.add(hits, i, end, Detector.IBAN);
                    i = end;
                    continue;
                }
            }
            i++;
        }
        return hits;
    }

    /** The end of the IBAN starting at {@code start} (two letters, two digits), or -1. */
    private static int ibanAt(String text, int start, int n) {
        char a = text.charAt(start);
        char b = text.charAt(start + 1);
        boolean capitals = a <= 'Z' && b <= 'Z';
        int length = length(Character.toUpperCase(a), Character.toUpperCase(b));
        if (length == 0 && !capitals) {
            return -1;
        }
        // The check runs over the BBAN followed by the first four characters: their six digits
        // (two per letter) are appended at each possible end instead of being read twice.
        int tail = (value(a) * 100 + value(b)) * 100
                + (text.charAt(start + 2) - '0') * 10 + (text.charAt(start + 3) - '0');
        int p = start + 4;
        int count = 4;
        int remainder = 0;
        boolean grouped = p + 1 < n && text.charAt(p) == ' ' && Chars.isAlnum(text.charAt(p + 1));
        if (grouped) {
            p++;
        }
        int group = 0;
        int best = -1;
        while (true) {
            if (p < n && Chars.isAlnum(text.charAt(p))) {
                if (grouped && group == 4) {
                    break;
                }
                char c = text.charAt(p);
                remainder = Chars.isDigit(c)
                        ? (remainder * 10 + (c - '0')) % 97
                        : (remainder * 100 + value(c)) % 97;
                count++;
                group++;
                p++;
                if (count > MAX_LENGTH || (length > 0 && count > length)) {
                    break;
                }
                continue;
            }
            if (count >= MIN_LENGTH && (length == 0 || count == length)
                    && !Chars.isWordAt(text, p) && (remainder * 1_000_000 + tail) % 97 == 1) {
                best = p;
            }
            if (length > 0 && count == length) {
                break;
            }
            if (grouped && group == 4 && p + 1 < n && text.charAt(p) == ' '
                    && Chars.isAlnum(text.charAt(p + 1))) {
                p++;
                group = 0;
                continue;
            }
            break;
        }
        return best;
    }

    /** A letter's value in the check, 10 for A to 35 for Z; either case. */
    private static int value(char letter) {
        return Character.toUpperCase(letter) - 'A' + 10;
    }
}
