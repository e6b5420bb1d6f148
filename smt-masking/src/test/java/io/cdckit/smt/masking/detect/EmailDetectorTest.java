package io.cdckit.smt.masking.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static io.cdckit.smt.masking.detect.Detect.found;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EmailDetectorTest {

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("john.doe@example.com wrote", "john.doe@example.com"),
                Arguments.of("write to john.doe@example.com", "john.doe@example.com"),
                Arguments.of("john.doe@example.com", "john.doe@example.com"),
                Arguments.of("From: John Doe <john.doe@example.com>", "john.doe@example.com"),
                Arguments.of("mail me at jane@mail.example.co.uk.", "jane@mail.example.co.uk"),
                Arguments.of("(jane@example.org)", "jane@example.org"),
                Arguments.of("'jane@example.org', said she", "jane@example.org"),
                Arguments.of("\"jane@example.org\"", "jane@example.org"),
                Arguments.of("href=mailto:jane@example.org?subject=hi", "jane@example.org"),
                Arguments.of("o'brien+tag@example.ie", "o'brien+tag@example.ie"),
                Arguments.of("weird!#$%&*/=?^_`{|}~-x@example.com", "weird!#$%&*/=?^_`{|}~-x@example.com"),
                Arguments.of("_sys@example.com", "_sys@example.com"),
                Arguments.of("a@b.io", "a@b.io"),
                Arguments.of("ops@my-host.example.travel,", "ops@my-host.example.travel"),
                Arguments.of("42@example.com", "42@example.com"),
                Arguments.of("user@sub.123.example.com", "user@sub.123.example.com"),
                Arguments.of("user@EXAMPLE.COM", "user@EXAMPLE.COM"),
                Arguments.of("user@example.com:8080", "user@example.com"),
                Arguments.of("...john@example.com", "john@example.com"),
                Arguments.of("john..doe@example.com", "doe@example.com"),
                Arguments.of("user@example.com.x1", "user@example.com"),
                Arguments.of("名前 john@example.com です", "john@example.com"));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void findsAnAddress(String text, String expected) {
        assertEquals(List.of(expected), found(Detector.EMAIL, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "no address here",
        "john@localhost",
        "john@example.c",
        "john@example.c0m",
        "john.@example.com",
        "@example.com",
        "john@",
        "john@-example.com",
        "john@example-.com",
        "john@.example.com",
        "john @example.com",
        "joséjohn@example.com",
        "名前john@example.com",
        "user@example.comé",
        "user@example.com_x",
        "@@@@",
        "a@b",
        "x@192.168.0.1",
        "john@[192.168.0.1]",
    })
    void findsNone(String text) {
        assertEquals(List.of(), found(Detector.EMAIL, text));
    }

    @Test
    void findsSeveralWithoutOverlap() {
        assertEquals(List.of("a@example.com", "b@example.org", "c@d.net"),
                found(Detector.EMAIL, "a@example.com, b@example.org;c@d.net"));
        assertEquals(List.of("a@b.com"), found(Detector.EMAIL, "a@b.com@c.com"));
        assertEquals(List.of("a@b.com", "x@d.com"), found(Detector.EMAIL, "a@b.com.x@d.com"));
    }

    @Test
    void aLabelOfSixtyFourIsTooLong() {
        String label = "a".repeat(64);
        assertEquals(List.of(), found(Detector.EMAIL, "x@" + label + ".com"));
        assertEquals(List.of("x@" + label.substring(1) + ".com"),
                found(Detector.EMAIL, "x@" + label.substring(1) + ".com"));
    }
}
