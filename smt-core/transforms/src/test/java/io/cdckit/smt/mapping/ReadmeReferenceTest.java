package io.cdckit.smt.mapping;

import io.cdckit.smt.time.TimestampNormalizer;
import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's option references of FieldMapper and TimestampNormalizer are generated from their ConfigDefs and kept current. */
class ReadmeReferenceTest {

    @Test
    void fieldMapperReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(FieldMapper.class.getName(), FieldMapper.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(FieldMapper.CONFIG_DEF).contains("`cast.on.error`"));
    }

    @Test
    void timestampNormalizerReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(TimestampNormalizer.class.getName(), TimestampNormalizer.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(TimestampNormalizer.CONFIG_DEF).contains("`record.timestamp.field`"));
    }
}
