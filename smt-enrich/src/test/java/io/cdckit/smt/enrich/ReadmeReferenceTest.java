package io.cdckit.smt.enrich;

import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's option reference and metric table of Lookup are generated from its ConfigDef and metrics. */
class ReadmeReferenceTest {

    @Test
    void lookupReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(Lookup.class.getName(), Lookup.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(Lookup.CONFIG_DEF).contains("`cache.serve.stale.on.error`"));
    }

    @Test
    void lookupMetricsAreCurrent() throws IOException {
        try (Lookup<org.apache.kafka.connect.sink.SinkRecord> lookup = new Lookup.Value<>()) {
            ConfigDocs.assertMetricsCurrent(Lookup.class.getName(), lookup.pluginStats());
        }
    }
}
