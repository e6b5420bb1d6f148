package io.cdckit.smt.masking.detect;

/**
 * Finds payment card numbers: 13 to 19 ASCII digits, written together or in groups separated by
 * single spaces or single hyphens (one kind of separator a number), passing the Luhn check, with a
 * first digit of 2 to 6 (the major industry identifiers of the payment-card issuers: Mastercard,
 * American Express, Diners, JCB, Visa, Discover, UnionPay, Maestro). The first-digit rule keeps
 * out the 13-digit epoch-millisecond timestamps CDC data is full of, one in ten of which is
 * Luhn-valid.
 *
 * <p>A number is not part of a longer run of digits, and neither starts nor ends next to a letter
 * or a digit. In a grouped number every group but the last has at least 3 digits (card groupings
 * are 4-4-4-4, 4-6-5, 4-4-4-4-3; dates and phone numbers have groups of 2). Digits that run on
 * after a card number in further groups ({@code 4111 1111 1111 1111 123}, a security code) do not
 * hide it: at each group, the longest run of whole groups that is a valid number is taken.
 */
final class CardScan {

    static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;
    private static final int MIN_INNER_GROUP = 3;

    private CardScan() {
    }

    static Hits scan(String text, Hits hits) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = i + 1;
            while (runEnd < n && Chars.isDigit(text.charAt(runEnd))) {
                runEnd++;
            }
            char first = text.charAt(i);
            if (first >= '2' && first <= '6' && !Chars.isWordBefore(text, i)) {
                int end = longestAt(text, i, n);
                if (end > 0) {
                    hits = Hits.add(hits, i, end, Detector.CARD);
                    i = end;
                    continue;
                }
            }
            i = runEnd;
        }
        return hits;
    }

    /** The end of the longest valid card number starting at {@code start}, or -1. */
    private static int longestAt(String text, int start, int n) {
        int best = -1;
        int digits = 0;
        char separator = 0;
        int p = start;
        while (true) {
            int groupStart = p;
            while (p < n && Chars.isDigit(text.charAt(p))) {
                p++;
            }
            int group = p - groupStart;
            digits += group;
            if (digits > MAX_DIGITS) {
                break;
            }
            if (digits >= MIN_DIGITS && !Chars.isWordAt(text, p) && luhn(text, start, p)) {
                best = p;
            }
            if (group < MIN_INNER_GROUP || p + 1 >= n) {
                break;
            }
            char c = text.charAt(p);
            if ((c != ' ' && c != '-') || (separator != 0 && c != separator)
                    || !Chars.isDigit(text.charAt(p + 1))) {
                break;
            }
            separator = c;
            p++;
        }
        return best;
    }

    /** The Luhn check over the digits of {@code [start, end)}, skipping separators. */
    static boolean luhn(String text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!Chars.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
