package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialectTest {

    @Test
    void onlyMongoDbRowsAreJsonTextAndOnlyMaxwellBeforeImagesArePartial() {
        assertFalse(Dialect.DEBEZIUM.rowsAsJsonText());
        assertTrue(Dialect.DEBEZIUM_MONGODB.rowsAsJsonText());
        assertFalse(Dialect.MAXWELL.rowsAsJsonText());
        assertTrue(Dialect.MAXWELL.partialBefore());
        assertFalse(Dialect.DEBEZIUM.partialBefore());
        assertFalse(Dialect.GOLDENGATE.rowsAsJsonText());
        assertFalse(Dialect.GOLDENGATE.partialBefore());
        assertFalse(Dialect.CANAL.rowsAsJsonText());
        assertTrue(Dialect.CANAL.partialBefore());
    }

    @Test
    void selectionsAreAutoAndEachDialect() {
        assertEquals(java.util.List.of("auto", "debezium", "mongodb", "maxwell", "goldengate", "canal"),
                Dialect.selections());
        assertEquals(EnumSet.allOf(Dialect.class), Dialect.select("AUTO"));
        assertEquals(EnumSet.of(Dialect.DEBEZIUM), Dialect.select("debezium"));
        assertEquals(EnumSet.of(Dialect.DEBEZIUM_MONGODB), Dialect.select("debezium-mongodb"), "the old text");
        assertEquals(EnumSet.of(Dialect.MAXWELL), Dialect.select(" maxwell "));
        assertEquals(EnumSet.of(Dialect.GOLDENGATE, Dialect.CANAL), Dialect.select(java.util.List.of("canal", "goldengate")));
        assertThrows(IllegalArgumentException.class, () -> Dialect.select("oracle"));
        assertThrows(IllegalArgumentException.class, () -> Dialect.select(java.util.List.of()));
        org.apache.kafka.common.config.ConfigException wrong = assertThrows(
                org.apache.kafka.common.config.ConfigException.class,
                () -> Dialect.selectionValidator().ensureValid("envelope.dialect", java.util.List.of("canal", "oracle")));
        assertTrue(wrong.getMessage().contains("envelope.dialect") && wrong.getMessage().contains("'oracle'"),
                wrong.getMessage());
        assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> Dialect.selectionValidator().ensureValid("envelope.dialect", java.util.List.of()));
    }

    @Test
    void everyDialectIsProducedByDetectionWithAndWithoutSchema() {
        EnumSet<Dialect> withSchema = EnumSet.noneOf(Dialect.class);
        EnumSet<Dialect> schemaless = EnumSet.noneOf(Dialect.class);
        for (Struct event : new Struct[] {
            DebeziumFixtures.create(),
            DebeziumFixtures.message(),
            DebeziumFixtures.mongoEvent("c", null, DebeziumFixtures.MONGO_DOC, null)
        }) {
            withSchema.add(EnvelopeSchema.detect(event.schema()).dialect());
            schemaless.add(ChangeEvents.detect(DebeziumFixtures.schemaless(event)).dialect());
        }
        schemaless.add(ChangeEvents.detect(java.util.Map.of("database", "shop", "table", "t", "type", "insert",
                "ts", 1L, "data", java.util.Map.of("id", 1))).dialect());
        schemaless.add(ChangeEvents.detect(FlatFixtures.goldenGate("I", null, FlatFixtures.row(1, "a"))).dialect());
        schemaless.add(ChangeEvents.detect(FlatFixtures.canal("INSERT", java.util.List.of(FlatFixtures.row(1, "a")),
                null)).dialect());
        withSchema.add(EnvelopeSchema.detect(FlatFixtures.GOLDENGATE).dialect());
        withSchema.add(EnvelopeSchema.detect(FlatFixtures.CANAL).dialect());
        // Maxwell is JSON only: it has no schema'd form
        assertEquals(EnumSet.complementOf(EnumSet.of(Dialect.MAXWELL)), withSchema);
        assertEquals(EnumSet.allOf(Dialect.class), schemaless);
    }

    @Test
    void rowRepresentationMatchesTheDialect() {
        ChangeEvent relational = EnvelopeSchema.detect(DebeziumFixtures.ENVELOPE).view(DebeziumFixtures.create());
        ChangeEvent mongo = ChangeEvents.detect(DebeziumFixtures.schemaless(
                DebeziumFixtures.mongoEvent("c", null, DebeziumFixtures.MONGO_DOC, null)));
        assertEquals(relational.dialect().rowsAsJsonText(), relational.after() instanceof String);
        assertEquals(mongo.dialect().rowsAsJsonText(), mongo.after() instanceof String);
    }
}
