package io.cdckit.smt.mapping;

import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md's option reference of FieldMapper is generated from its ConfigDef and kept current. */
class ReadmeReferenceTest {

    @Test
    void fieldMapperReferenceIsCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(FieldMapper.class.getName(), FieldMapper.CONFIG_DEF);
        assertTrue(ConfigDocs.markdown(FieldMapper.CONFIG_DEF).contains("`cast.on.error`"));
    }
}
