package io.cdckit.smt.masking;

import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's option reference of Mask and Unmask (one ConfigDef) is generated from it and kept current. */
class ReadmeReferenceTest {

    @Test
    void maskReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(Mask.class.getName(), MaskConfig.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(MaskConfig.CONFIG_DEF).contains("`hmac.key`"));
    }
}
