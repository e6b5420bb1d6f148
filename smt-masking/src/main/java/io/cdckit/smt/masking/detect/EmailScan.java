package io.cdckit.smt.masking.detect;

/**
 * Finds e-mail addresses by looking around each {@code @}: left over the local part's characters,
 * right over the domain's labels. Each character is looked at a bounded number of times (the local
 * part of one {@code @} and the domain of the next cannot overlap, as neither holds an {@code @}),
 * so the scan is linear whatever the input.
 */
final class EmailScan {

    private static final int MAX_LABEL = 63;

    private EmailScan() {
    }

    static Hits scan(String text, Hits hits) {
        int n = text.length();
        int lastEnd = 0;
        int at = text.indexOf('@');
        while (at >= 0) {
            int end = -1;
            int start = localStart(text, at, lastEnd);
            if (start >= 0) {
                end = domainEnd(text, at + 1, n);
            }
            if (end > 0) {
                hits = Hits.add(hits, start, end, Detector.EMAIL);
                lastEnd = end;
                at = end < n ? text.indexOf('@', end) : -1;
            } else {
                at = text.indexOf('@', at + 1);
            }
        }
        return hits;
    }

    /**
     * The start of the local part before the {@code @} at {@code at}, or -1. The local part is the
     * longest run of local-part characters before the {@code @} that holds no {@code ..} and does
     * not end with a dot, trimmed on the left to its first letter, digit or {@code _} (so that
     * quotes and brackets around an address stay outside). It may not start before {@code floor},
     * the end of the previous address, and may not continue a word on its left.
     */
    private static int localStart(String text, int at, int floor) {
        if (at == 0 || text.charAt(at - 1) == '.') {
            return -1;
        }
        int run = at;
        while (run > floor) {
            char c = text.charAt(run - 1);
            if (!Chars.is(c, Chars.LOCAL) || (c == '.' && text.charAt(run) == '.')) {
                break;
            }
            run--;
        }
        // run: the first character of the longest valid run; a ".." leaves its second dot at run.
        int start = run;
        while (start < at && !Chars.is(text.charAt(start), Chars.WORD)) {
            start++;
        }
        if (start == at) {
            return -1;
        }
        if (start == run && Chars.isWordBefore(text, start)) {
            return -1;
        }
        return start;
    }

    /**
     * The end of the domain that starts at {@code from}, or -1: dot-separated labels of letters,
     * digits and hyphens (neither starting nor ending with a hyphen, at most 63 characters), at
     * least two, the last of them a top-level domain of two or more letters. The domain ends after
     * the last label that can be a top-level domain, so a sentence's final period stays outside;
     * a word character right after it (a letter of another script) means no address.
     */
    private static int domainEnd(String text, int from, int n) {
        int p = from;
        int labels = 0;
        int end = -1;
        while (true) {
            int labelStart = p;
            boolean letters = true;
            while (p < n) {
                char c = text.charAt(p);
                if (Chars.isAlnum(c)) {
                    letters &= Chars.isLetter(c);
                } else if (c != '-') {
                    break;
                } else {
                    letters = false;
                }
                p++;
            }
            int length = p - labelStart;
            if (length == 0 || length > MAX_LABEL
                    || text.charAt(labelStart) == '-' || text.charAt(p - 1) == '-') {
                break;
            }
            labels++;
            if (labels >= 2 && letters && length >= 2) {
                end = p;
            }
            if (p + 1 < n && text.charAt(p) == '.' && Chars.isAlnum(text.charAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        if (end < 0 || Chars.isWordAt(text, end)) {
            return -1;
        }
        return end;
    }
}
