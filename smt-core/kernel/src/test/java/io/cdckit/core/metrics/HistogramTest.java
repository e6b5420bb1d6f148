package io.cdckit.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistogramTest {

    @Test
    void percentilesByNearestRank() {
        Histogram h = new Histogram();
        assertEquals(0, h.percentile(0.5));
        assertEquals(0, h.max());
        for (int i = 1; i <= 100; i++) {
            h.record(i);
        }
        assertEquals(50, h.percentile(0.5));
        assertEquals(99, h.percentile(0.99));
        assertEquals(100, h.percentile(1));
        assertEquals(1, h.percentile(0));
        assertEquals(100, h.max());
        assertEquals(100, h.count());
    }

    @Test
    void theWindowKeepsTheLatestSamples() {
        Histogram h = new Histogram();
        for (int i = 0; i < Histogram.WINDOW; i++) {
            h.record(1_000);
        }
        for (int i = 0; i < Histogram.WINDOW; i++) {
            h.record(5);
        }
        assertEquals(5, h.max());
        assertEquals(2L * Histogram.WINDOW, h.count());
    }

    @Test
    void negativeSamplesCountAsZeroAndBadFractionsAreRefused() {
        Histogram h = new Histogram();
        h.record(-3);
        assertEquals(0, h.max());
        assertThrows(IllegalArgumentException.class, () -> h.percentile(1.5));
    }

    @Test
    void pluginStatsRegistersThreeGauges() {
        PluginStats stats = new PluginStats();
        Histogram h = stats.histogram("load-time-ms", "the load time, in ms.");
        h.record(7);
        assertEquals(7L, stats.value("load-time-ms-p50"));
        assertEquals(7L, stats.value("load-time-ms-p99"));
        assertEquals(7L, stats.value("load-time-ms-max"));
    }
}
