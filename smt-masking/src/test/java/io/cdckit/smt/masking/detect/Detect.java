package io.cdckit.smt.masking.detect;

import java.util.EnumSet;
import java.util.List;

/** Helpers the detector tests share. */
final class Detect {

    private Detect() {
    }

    static ContentScanner only(Detector detector) {
        return ContentScanner.of(EnumSet.of(detector), null);
    }

    /** The matched texts, in order. */
    static List<String> found(ContentScanner scanner, String text) {
        return scanner.find(text).stream().map(m -> m.in(text)).toList();
    }

    static List<String> found(Detector detector, String text) {
        return found(only(detector), text);
    }
}
