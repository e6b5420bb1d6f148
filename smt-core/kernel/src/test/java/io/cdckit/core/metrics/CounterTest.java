package io.cdckit.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CounterTest {

    @Test
    void countsAndIsReadThroughTheStats() {
        PluginStats stats = new PluginStats();
        Counter c = stats.counter("things-total", "Things.");
        for (int i = 0; i < 1000; i++) {
            c.increment();
        }
        c.add(5);
        assertEquals(1005L, c.get());
        assertEquals(1005L, stats.value("things-total"));
        assertEquals(List.of("things-total"), stats.metrics().stream().map(PluginStats.Metric::name).toList());
        assertThrows(IllegalArgumentException.class, () -> stats.value("nothing"));
    }

    @Test
    void whereNamesTheRuntimeTagsInAFixedOrder() {
        PluginStats stats = new PluginStats();
        assertEquals("", stats.where());
        stats.runtimeTags(Map.of("converter", "value", "task", "2", "connector", "orders", "other", "x"));
        assertEquals(" (connector orders, task 2, converter value)", stats.where());
    }
}
