package io.cdckit.smt.masking.detect;

/**
 * Finds IP addresses by parsing their text, never by resolving a name (no {@code InetAddress}, no
 * DNS).
 *
 * <p>IPv4: four decimal octets of 0 to 255 separated by dots, without leading zeros ({@code 0} is
 * an octet, {@code 01} is not). The address must not be part of a longer dotted number (in the
 * version {@code 1.2.3.4.5} there is no address) nor of a word: the characters around it are
 * neither letters, digits nor {@code _}, and a dot next to it is not followed (after) or preceded
 * (before) by a digit. A sentence's final period is fine.
 *
 * <p>IPv6: RFC 4291's text forms: eight groups of one to four hex digits separated by colons,
 * {@code ::} once for one or more groups of zeros, and an IPv4 address in place of the last two
 * groups ({@code ::ffff:192.0.2.128}). The bare {@code ::} is not taken (it has no digit and is
 * mostly punctuation in prose or code). A zone ({@code %eth0}) and a prefix length ({@code /64}) are
 * not part of the match. The characters around the address are not word characters; when they
 * are, one leading or trailing group glued to a word by a single colon ({@code node:fe80::1}) is
 * given up to find the address.
 */
final class IpScan {

    /** The longest text of an IPv6 address: six groups of four, and an IPv4 address of 15. */
    private static final int MAX_IPV6 = 45;

    private IpScan() {
    }

    static Hits scanIpv4(String text, Hits hits) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            if (!Chars.isWordBefore(text, i)
                    && !(i >= 2 && text.charAt(i - 1) == '.' && Chars.isDigit(text.charAt(i - 2)))) {
                int end = ipv4End(text, i, n);
                if (end > 0 && !Chars.isWordAt(text, end)
                        && !(end + 1 < n && text.charAt(end) == '.' && Chars.isDigit(text.charAt(end + 1)))) {
                    hits = Hits.add(hits, i, end, Detector.IPV4);
                    i = end;
                    continue;
                }
            }
            while (i < n && Chars.isDigit(text.charAt(i))) {
                i++;
            }
        }
        return hits;
    }

    /**
     * The end of the dotted-quad that starts at {@code start} and ends at or before {@code limit},
     * or -1. The last octet must not run on into another digit.
     */
    static int ipv4End(String text, int start, int limit) {
        int p = start;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (p >= limit || text.charAt(p) != '.') {
                    return -1;
                }
                p++;
            }
            int digitsStart = p;
            int value = 0;
            while (p < limit && p - digitsStart < 4 && Chars.isDigit(text.charAt(p))) {
                value = value * 10 + (text.charAt(p) - '0');
                p++;
            }
            int digits = p - digitsStart;
            if (digits == 0 || digits > 3 || value > 255
                    || (digits > 1 && text.charAt(digitsStart) == '0')) {
                return -1;
            }
        }
        return p;
    }

    static Hits scanIpv6(String text, Hits hits) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Chars.is(text.charAt(i), Chars.IPV6)) {
                i++;
                continue;
            }
            int runStart = i;
            int colons = 0;
            while (i < n && Chars.is(text.charAt(i), Chars.IPV6)) {
                if (text.charAt(i) == ':') {
                    colons++;
                }
                i++;
            }
            if (colons >= 2) {
                hits = ipv6In(text, runStart, i, hits);
            }
        }
        return hits;
    }

    /** Reports the address in the run {@code [start, end)} of hex digits, colons and dots, if any. */
    private static Hits ipv6In(String text, int start, int end, Hits hits) {
        int s = start;
        int e = end;
        while (e > s && text.charAt(e - 1) == '.') {
            e--;
        }
        while (s < e && text.charAt(s) == '.') {
            s++;
        }
        if (e - s >= 2 && text.charAt(e - 1) == ':' && text.charAt(e - 2) != ':') {
            e--;
        }
        if (e - s >= 2 && text.charAt(s) == ':' && text.charAt(s + 1) != ':') {
            s++;
        }
        if (e - s < 2) {
            return hits;
        }
        if (accepts(text, s, e)) {
            return Hits.add(hits, s, e, Detector.IPV6);
        }
        // Give up a group glued to a word on either side, by a single colon.
        int s2 = Chars.isWordBefore(text, s) ? singleColonAfter(text, s, e) : -1;
        int e2 = Chars.isWordAt(text, e) ? singleColonBefore(text, s, e) : -1;
        if (s2 > 0 && accepts(text, s2, e)) {
            return Hits.add(hits, s2, e, Detector.IPV6);
        }
        if (e2 > 0 && accepts(text, s, e2)) {
            return Hits.add(hits, s, e2, Detector.IPV6);
        }
        if (s2 > 0 && e2 > s2 && accepts(text, s2, e2)) {
            return Hits.add(hits, s2, e2, Detector.IPV6);
        }
        return hits;
    }

    private static boolean accepts(String text, int s, int e) {
        return e - s <= MAX_IPV6 && !Chars.isWordBefore(text, s) && !Chars.isWordAt(text, e)
                && isIpv6(text, s, e);
    }

    /** The index after the first colon of {@code [s, e)} if that colon stands alone, else -1. */
    private static int singleColonAfter(String text, int s, int e) {
        for (int p = s; p < e; p++) {
            if (text.charAt(p) == ':') {
                return p + 1 < e && text.charAt(p + 1) != ':' && p > s ? p + 1 : -1;
            }
        }
        return -1;
    }

    /** The index of the last colon of {@code [s, e)} if that colon stands alone, else -1. */
    private static int singleColonBefore(String text, int s, int e) {
        for (int p = e - 1; p >= s; p--) {
            if (text.charAt(p) == ':') {
                return p - 1 >= s && text.charAt(p - 1) != ':' && p < e - 1 ? p : -1;
            }
        }
        return -1;
    }

    /** Whether {@code [s, e)} is exactly an IPv6 address in one of the text forms. */
    static boolean isIpv6(String text, int s, int e) {
        if (e - s < 2) {
            return false;
        }
        boolean compressed = false;
        int groups = 0;
        int p = s;
        if (text.charAt(p) == ':') {
            if (text.charAt(p + 1) != ':') {
                return false;
            }
            compressed = true;
            p += 2;
            if (p == e) {
                return false; // the bare "::"
            }
        }
        while (true) {
            int groupStart = p;
            while (p < e && Chars.is(text.charAt(p), Chars.HEX)) {
                p++;
            }
            if (p < e && text.charAt(p) == '.') {
                if (groups > 6 || ipv4End(text, groupStart, e) != e) {
                    return false;
                }
                groups += 2;
                break;
            }
            int length = p - groupStart;
            if (length == 0 || length > 4) {
                return false;
            }
            groups++;
            if (groups > 8) {
                return false;
            }
            if (p == e) {
                break;
            }
            // text[p] is a colon
            p++;
            if (p < e && text.charAt(p) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                p++;
                if (p == e) {
                    break;
                }
            } else if (p == e) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }
}
