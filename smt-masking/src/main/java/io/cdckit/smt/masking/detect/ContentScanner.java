package io.cdckit.smt.masking.detect;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.BiFunction;

/**
 * Finds personal data inside free text (e-mail addresses, phone numbers, card numbers, IBANs, IP
 * addresses) and replaces it, keeping the rest of the text as it is:
 * <pre>{@code
 * ContentScanner scanner = ContentScanner.of(EnumSet.of(Detector.EMAIL, Detector.PHONE), "NO");
 * scanner.replace("call +47 912 34 567 today", (match, detector) -> "*".repeat(match.length()));
 * // "call ************** today"
 * }</pre>
 *
 * <p>Immutable and thread-safe: make one per configuration and share it. The rules of each
 * detector and the overlap rule are in the {@linkplain io.cdckit.smt.masking.detect package
 * documentation}. No text makes {@link #find} or {@link #replace} throw, and the time they take is
 * linear in the text's length (no backtracking regular expressions). A text in which nothing can
 * match costs one pass over its characters and no allocation: each detector is run only when that
 * pass saw what it needs (an {@code @}, enough digits, two colons, three dots). The phone detector
 * is libphonenumber's matcher, by far the most expensive: several microseconds for each group of
 * digits it considers (a date, a time, an order number), where the other detectors take
 * nanoseconds; configure it only for fields that may hold phone numbers.
 */
public final class ContentScanner {

    private static final byte DIGIT = 1;
    private static final byte AT = 2;
    private static final byte DOT = 3;
    private static final byte COLON = 4;
    /** What the first pass counts, by ASCII character; 0 for the characters it skips. */
    private static final byte[] SIGNALS = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            SIGNALS[c] = DIGIT;
        }
        SIGNALS['@'] = AT;
        SIGNALS['.'] = DOT;
        SIGNALS[':'] = COLON;
    }

    private final Set<Detector> detectors;
    private final boolean email;
    private final boolean phone;
    private final boolean card;
    private final boolean iban;
    private final boolean ipv4;
    private final boolean ipv6;
    /** Only e-mail addresses: {@code indexOf('@')} replaces the pass over the text. */
    private final boolean onlyEmail;
    /** The region given, upper case, or null. */
    private final String region;
    /** The region handed to libphonenumber: the region given, or "international numbers only". */
    private final String phoneRegion;

    private ContentScanner(Set<Detector> detectors, String region) {
        this.detectors = Collections.unmodifiableSet(detectors);
        this.email = detectors.contains(Detector.EMAIL);
        this.phone = detectors.contains(Detector.PHONE);
        this.card = detectors.contains(Detector.CARD);
        this.iban = detectors.contains(Detector.IBAN);
        this.ipv4 = detectors.contains(Detector.IPV4);
        this.ipv6 = detectors.contains(Detector.IPV6);
        this.onlyEmail = detectors.equals(EnumSet.of(Detector.EMAIL));
        this.region = region;
        this.phoneRegion = region == null ? PhoneScan.INTERNATIONAL_ONLY : region;
    }

    /**
     * A scanner for the given detectors.
     *
     * @param detectors the kinds of data to find; none makes a scanner that finds nothing
     * @param phoneRegion the region whose numbering plan a phone number written without a country
     *     code ({@code +47 ...}) is read in: an ISO 3166-1 alpha-2 code that libphonenumber
     *     supports ({@code "US"}, {@code "NO"}), in any case; or null to find only numbers written
     *     with a country code. Checked even when {@code detectors} has no {@link Detector#PHONE}.
     * @throws IllegalArgumentException if {@code phoneRegion} is not a region libphonenumber knows
     *     (the message names what is expected, not the value, which the caller names with its key)
     * @throws NullPointerException if {@code detectors} is or holds null
     */
    public static ContentScanner of(Set<Detector> detectors, String phoneRegion) {
        Objects.requireNonNull(detectors, "detectors");
        EnumSet<Detector> copy = EnumSet.noneOf(Detector.class);
        for (Detector d : detectors) {
            copy.add(Objects.requireNonNull(d, "detector"));
        }
        String region = null;
        if (phoneRegion != null) {
            region = phoneRegion.trim().toUpperCase(Locale.ROOT);
            if (!PhoneScan.isSupported(region)) {
                throw new IllegalArgumentException("the phone region is not a region libphonenumber supports:"
                        + " expected an ISO 3166-1 alpha-2 country code such as US or NO");
            }
        }
        return new ContentScanner(copy, region);
    }

    /** The detectors this scanner runs, in {@link Detector} order; unmodifiable. */
    public Set<Detector> detectors() {
        return detectors;
    }

    /** The phone region, upper case, or null when only numbers with a country code are found. */
    public String phoneRegion() {
        return region;
    }

    /**
     * The personal data in {@code text}: sorted by start, not overlapping (of overlapping matches
     * the longer one is kept, see the package documentation), unmodifiable, never null. A null or
     * empty text has no matches.
     */
    public List<Match> find(String text) {
        List<Match> matches = scan(text);
        return matches.isEmpty() ? matches : Collections.unmodifiableList(matches);
    }

    /**
     * {@code text} with each match of {@link #find} replaced by {@code masker.apply(matchedText,
     * detector)} and every other character kept. Returns {@code text} itself (the same instance,
     * null for null) when nothing matched.
     *
     * @throws NullPointerException if {@code masker} is null
     * @throws IllegalStateException if {@code masker} returns null (the message names the detector,
     *     never the text)
     */
    public String replace(String text, BiFunction<String, Detector, String> masker) {
        Objects.requireNonNull(masker, "masker");
        List<Match> matches = scan(text);
        if (matches.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        for (Match m : matches) {
            out.append(text, last, m.start());
            String replacement = masker.apply(text.substring(m.start(), m.end()), m.detector());
            if (replacement == null) {
                throw new IllegalStateException("the masker returned null for a match of detector "
                        + m.detector().configValue());
            }
            out.append(replacement);
            last = m.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    private List<Match> scan(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        int n = text.length();
        if (onlyEmail) {
            return text.indexOf('@') < 0 ? List.of() : resolved(EmailScan.scan(text, null));
        }
        // One pass for what each detector needs before it can match.
        boolean at = false;
        int asciiDigits = 0;
        int dots = 0;
        int colons = 0;
        int cluster = 0;
        int maxCluster = 0;
        int lastDigit = Integer.MIN_VALUE / 2;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                byte signal = SIGNALS[c];
                if (signal == 0) {
                    continue;
                }
                if (signal != DIGIT) {
                    if (signal == AT) {
                        at = true;
                    } else if (signal == DOT) {
                        dots++;
                    } else {
                        colons++;
                    }
                    continue;
                }
                asciiDigits++;
            } else if (!Character.isDigit(c) && !Character.isSurrogate(c)) {
                // libphonenumber reads digits of every script; a surrogate may be half of one.
                continue;
            }
            cluster = i - lastDigit <= PhoneScan.MAX_DIGIT_DISTANCE ? cluster + 1 : 1;
            lastDigit = i;
            if (cluster > maxCluster) {
                maxCluster = cluster;
            }
        }
        Hits hits = null;
        if (email && at) {
            hits = EmailScan.scan(text, hits);
        }
        if (iban && asciiDigits >= 2 && n >= IbanScan.MIN_LENGTH) {
            hits = IbanScan.scan(text, hits);
        }
        if (card && asciiDigits >= CardScan.MIN_DIGITS) {
            hits = CardScan.scan(text, hits);
        }
        if (ipv4 && asciiDigits >= 4 && dots >= 3) {
            hits = IpScan.scanIpv4(text, hits);
        }
        if (ipv6 && colons >= 2) {
            hits = IpScan.scanIpv6(text, hits);
        }
        if (phone && maxCluster >= PhoneScan.MIN_DIGITS) {
            hits = PhoneScan.scan(text, phoneRegion, hits);
        }
        return resolved(hits);
    }

    private static List<Match> resolved(Hits hits) {
        return hits == null ? List.of() : hits.resolved();
    }

    @Override
    public String toString() {
        StringJoiner names = new StringJoiner(", ", "ContentScanner[", "]");
        for (Detector d : detectors) {
            names.add(d == Detector.PHONE && region != null ? "phone(" + region + ")" : d.configValue());
        }
        return names.toString();
    }
}
