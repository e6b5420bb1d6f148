package io.cdckit.smt.unwrap;

import io.cdckit.testkit.JsonRecords;
import io.cdckit.testkit.ProjectFiles;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input → output examples of README's "Dialects" part of the Unwrap section are what Unwrap
 * does: each example's input (the JSON before the arrow, schemaless as JsonConverter with
 * {@code schemas.enable=false} decodes it) goes through Unwrap with the configuration its text
 * states, and comes out as the JSON after the arrow.
 */
class ReadmeDialectExamplesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "##### Debezium relational|rewrite|op,table",
        "##### Maxwell|rewrite|op,table,ts_ms",
        "##### Oracle GoldenGate (JSON formatter)||op,table,db,ts_ms",
        "##### Alibaba Canal (flat messages)||op,db,table,ts_ms",
    })
    void theExampleIsWhatUnwrapGives(String heading, String deleteMode, String addFields) throws IOException {
        String readme = Files.readString(ProjectFiles.readme(), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n" + heading + "\n");
        assertTrue(section >= 0, "README has the section " + heading);
        int open = readme.indexOf("```\n", section) + 4;
        String block = readme.substring(open, readme.indexOf("```", open));
        String[] parts = block.split("\n→ ");
        assertEquals(2, parts.length, "one input and one output in " + heading);
        String text = heading.substring(6);
        if (deleteMode != null) {
            assertTrue(readme.substring(section, open).contains("`delete.tombstone.handling.mode=" + deleteMode + "`"),
                    "the section states the delete mode");
        }
        assertTrue(readme.substring(section, open).contains("`add.fields=" + addFields + "`"),
                "the section states add.fields=" + addFields);
        Map<String, String> config = new HashMap<>();
        config.put(Unwrap.ADD_FIELDS, addFields);
        if (deleteMode != null) {
            config.put(Unwrap.DELETE_TOMBSTONE_HANDLING_MODE, deleteMode);
        }
        try (Unwrap<SinkRecord> unwrap = new Unwrap<>()) {
            unwrap.configure(config);
            SinkRecord out = unwrap.apply(new SinkRecord("readme", 0, null, null, null, json(parts[0]).value(), 0));
            assertEquals(json(parts[1].trim()).value(), out.value(), text);
        }
    }

    private static SchemaAndValue json(String text) {
        return JsonRecords.decodeSchemaless("readme", false, text.replace("\n", "").getBytes(StandardCharsets.UTF_8));
    }
}
