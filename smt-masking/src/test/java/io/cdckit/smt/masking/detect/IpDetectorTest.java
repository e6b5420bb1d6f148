package io.cdckit.smt.masking.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.cdckit.smt.masking.detect.Detect.found;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"255.255.255.255", "0.0.0.0", "192.168.1.1", "10.0.0.1", "8.8.8.8", "100.64.0.10"})
    void findsAnIpv4Address(String ip) {
        assertEquals(List.of(ip), found(Detector.IPV4, ip));
        assertEquals(List.of(ip), found(Detector.IPV4, "from " + ip + " at noon"));
        assertEquals(List.of(ip), found(Detector.IPV4, "client=" + ip + "."));
        assertEquals(List.of(ip), found(Detector.IPV4, "[" + ip + "]:443"));
        assertEquals(List.of(ip), found(Detector.IPV4, ip + "/24"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "256.1.1.1", "1.1.1.256", "1.300.1.1", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.", "1.2.3.4.5",
        "version 1.2.3.4.5 released", "5.1.2.3.4", "1.2.3.4.5.6.7.8", "1.2.3.4567", "12345.1.2.3",
        "v1.2.3.4", "1.2.3.4x", "1.2.3.4_", "1..2.3.4", "a.b.c.d",
    })
    void findsNoIpv4Address(String text) {
        assertEquals(List.of(), found(Detector.IPV4, text));
    }

    @Test
    void severalIpv4Addresses() {
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), found(Detector.IPV4, "10.0.0.1,10.0.0.2"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), found(Detector.IPV4, "10.0.0.1 - 10.0.0.2"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "::1                                       | ::1",
        "2001:db8::ff00:42:8329                    | 2001:db8::ff00:42:8329",
        "2001:0db8:0000:0000:0000:ff00:0042:8329   | 2001:0db8:0000:0000:0000:ff00:0042:8329",
        "::ffff:192.0.2.128                        | ::ffff:192.0.2.128",
        "64:ff9b::192.0.2.33                       | 64:ff9b::192.0.2.33",
        "1:2:3:4:5:6:1.2.3.4                       | 1:2:3:4:5:6:1.2.3.4",
        "fe80::                                    | fe80::",
        "FE80::0202:B3FF:FE1E:8329                 | FE80::0202:B3FF:FE1E:8329",
        "from fe80::1%eth0 on                      | fe80::1",
        "[2001:db8::1]:443                         | 2001:db8::1",
        "2001:db8::/32                             | 2001:db8::",
        "host 2001:db8::1.                         | 2001:db8::1",
        "node:fe80::1                              | fe80::1",
        "fe80::1:note                              | fe80::1",
        "addr=2001:db8:85a3::8a2e:370:7334,        | 2001:db8:85a3::8a2e:370:7334",
    })
    void findsAnIpv6Address(String text, String expected) {
        assertEquals(List.of(expected), found(Detector.IPV6, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "::", "a :: b", "at 12:30:45", "00:1A:2B:3C:4D:5E", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "2001:db8:::1",
        "2001::db8::1", "12345::1", "std::vector", "Foo::bar", "::ffff:256.0.2.128", "::ffff:192.0.2",
        "1:2:3:4:5:6:7:1.2.3.4", "::1x", "x::1", "fe80::1g",
    })
    void findsNoIpv6Address(String text) {
        assertEquals(List.of(), found(Detector.IPV6, text));
    }

    @Test
    void theIpv6Validator() {
        assertFalse(valid("::")); // the unspecified address, not taken: it has no digit
        assertTrue(valid("1::"));
        assertTrue(valid("::1"));
        assertTrue(valid("1:2:3:4:5:6:7::"));
        assertTrue(valid("::2:3:4:5:6:7:8"));
        assertTrue(valid("1:2:3:4:5:6:7:8"));
        assertTrue(valid("::1.2.3.4"));
        assertFalse(valid(":"));
        assertFalse(valid(":::"));
        assertFalse(valid("1:2:3:4:5:6:7:8::"));
        assertFalse(valid("1::2:3:4:5:6:7:8")); // "::" stands for at least one group
        assertFalse(valid("1:2:3:4:5:6:7:"));
        assertFalse(valid(":1::"));
        assertFalse(valid("1.2.3.4"));
        assertFalse(valid("::1.2.3.4:1"));
        assertFalse(valid("::01.2.3.4"));
    }

    private static boolean valid(String text) {
        return IpScan.isIpv6(text, 0, text.length());
    }
}
