package io.cdckit.converters;

import io.cdckit.converters.avro.AvroConverter;
import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's option and metric references of the converters are generated from the plugins and kept current. */
class ReadmeReferenceTest {

    @Test
    void avroConverterReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(AvroConverter.class.getName(), AvroConverter.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(AvroConverter.CONFIG_DEF).contains("`compatibility.level`"));
    }

    @Test
    void avroConverterMetricsAreListed() throws IOException {
        AvroConverter converter = new AvroConverter();
        converter.configure(Map.of(AvroConverter.SCHEMA_REGISTRY_URL, "mem://readme"), false);
        ConfigDocs.assertMetricsCurrent(AvroConverter.class.getName(), converter.pluginStats());
    }
}
