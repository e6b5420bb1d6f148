package io.cdckit.smt.unwrap;

import io.cdckit.testkit.ConfigDocs;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's option reference of this module's transforms is generated from their ConfigDefs and kept current. */
class ReadmeReferenceTest {

    @Test
    void unwrapReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(Unwrap.class.getName(), Unwrap.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(Unwrap.CONFIG_DEF).contains("`delete.tombstone.handling.mode`"));
    }

    @Test
    void changedFieldsReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(ChangedFields.class.getName(), ChangedFields.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(ChangedFields.CONFIG_DEF).contains("`header.changed.name`"));
    }

    @Test
    void transformMetricsAreListed() throws IOException {
        // every transform has the kernel's metrics, named and described alike
        ConfigDocs.assertMetricsCurrent("transforms", new Unwrap<SinkRecord>().pluginStats());
        assertEquals(ConfigDocs.metricsMarkdown(new Unwrap<SinkRecord>().pluginStats()),
                ConfigDocs.metricsMarkdown(new ChangedFields<SinkRecord>().pluginStats()));
    }
}
