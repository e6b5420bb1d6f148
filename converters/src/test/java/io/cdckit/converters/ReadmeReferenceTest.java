package io.cdckit.converters;

import io.cdckit.converters.avro.AvroConverter;
import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's option reference of the converters is generated from their ConfigDefs and kept current. */
class ReadmeReferenceTest {

    @Test
    void avroConverterReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(AvroConverter.class.getName(), AvroConverter.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(AvroConverter.CONFIG_DEF).contains("`compatibility.level`"));
    }
}
