package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialectTest {

    @Test
    void onlyMongoDbRowsAreJsonText() {
        assertFalse(Dialect.DEBEZIUM.rowsAsJsonText());
        assertTrue(Dialect.DEBEZIUM_MONGODB.rowsAsJsonText());
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
        assertEquals(EnumSet.allOf(Dialect.class), withSchema);
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
