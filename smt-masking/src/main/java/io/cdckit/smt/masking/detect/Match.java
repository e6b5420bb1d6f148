package io.cdckit.smt.masking.detect;

import java.util.Objects;

/**
 * One piece of personal data found in a text: the characters {@code [start, end)} of the text
 * (as {@link String#substring(int, int)} takes them), and the detector that found them.
 *
 * @param start the index of the first character of the match
 * @param end the index after the last character of the match, greater than {@code start}
 * @param detector the detector that found it
 */
public record Match(int start, int end, Detector detector) {

    /**
     * @throws IllegalArgumentException unless {@code 0 <= start < end}
     * @throws NullPointerException if {@code detector} is null
     */
    public Match {
        Objects.requireNonNull(detector, "detector");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a match needs 0 <= start < end");
        }
    }

    /** The number of characters matched, {@code end - start}. */
    public int length() {
        return end - start;
    }

    /** The matched characters of {@code text}, the text this match was found in. */
    public String in(String text) {
        return text.substring(start, end);
    }
}
