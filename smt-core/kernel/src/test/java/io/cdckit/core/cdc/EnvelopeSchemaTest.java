package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import static io.cdckit.core.cdc.DebeziumFixtures.ENVELOPE;
import static io.cdckit.core.cdc.DebeziumFixtures.LSN;
import static io.cdckit.core.cdc.DebeziumFixtures.MESSAGE_BLOCK;
import static io.cdckit.core.cdc.DebeziumFixtures.MESSAGE_VALUE;
import static io.cdckit.core.cdc.DebeziumFixtures.MONGO_DOC;
import static io.cdckit.core.cdc.DebeziumFixtures.MONGO_ENVELOPE;
import static io.cdckit.core.cdc.DebeziumFixtures.MONGO_SOURCE;
import static io.cdckit.core.cdc.DebeziumFixtures.PG_SOURCE;
import static io.cdckit.core.cdc.DebeziumFixtures.ROW;
import static io.cdckit.core.cdc.DebeziumFixtures.TS_MS;
import static io.cdckit.core.cdc.DebeziumFixtures.TS_NS;
import static io.cdckit.core.cdc.DebeziumFixtures.TS_US;
import static io.cdckit.core.cdc.DebeziumFixtures.TX_BLOCK;
import static io.cdckit.core.cdc.DebeziumFixtures.UPDATE_DESCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeSchemaTest {

    private static SchemaBuilder envelopeBuilder(String name) {
        return SchemaBuilder.struct().name(name);
    }

    // ------------------------------------------------------------------ recognised schemas

    @Test
    void detectsRelationalEnvelope() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);
        assertNotNull(envelope);
        assertSame(ENVELOPE, envelope.schema());
        assertEquals(Dialect.DEBEZIUM, envelope.dialect());
        assertFalse(envelope.isMessage());
        assertSame(ENVELOPE.field("op"), envelope.opField());
        assertSame(ENVELOPE.field("before"), envelope.beforeField());
        assertSame(ENVELOPE.field("after"), envelope.afterField());
        assertSame(ENVELOPE.field("source"), envelope.sourceField());
        assertSame(ENVELOPE.field("transaction"), envelope.transactionField());
        assertSame(ENVELOPE.field("ts_ms"), envelope.tsMsField());
        assertSame(ENVELOPE.field("ts_us"), envelope.tsUsField());
        assertSame(ENVELOPE.field("ts_ns"), envelope.tsNsField());
        assertNull(envelope.messageField());
        assertNull(envelope.updateDescriptionField());
        assertSame(ROW, envelope.rowSchema());
        assertSame(ROW, envelope.beforeSchema());
        assertSame(ROW, envelope.afterSchema());
        assertSame(PG_SOURCE, envelope.sourceSchema());
        assertSame(TX_BLOCK, envelope.transactionSchema());
        assertNull(envelope.messageSchema());
    }

    @Test
    void detectsMessageValue() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(MESSAGE_VALUE);
        assertNotNull(envelope);
        assertEquals(Dialect.DEBEZIUM, envelope.dialect());
        assertTrue(envelope.isMessage());
        assertSame(MESSAGE_VALUE.field("message"), envelope.messageField());
        assertSame(MESSAGE_BLOCK, envelope.messageSchema());
        assertNull(envelope.beforeField());
        assertNull(envelope.afterField());
        assertNull(envelope.rowSchema());
        assertSame(PG_SOURCE, envelope.sourceSchema());
    }

    @Test
    void detectsMongoDbEnvelope() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(MONGO_ENVELOPE);
        assertNotNull(envelope);
        assertEquals(Dialect.DEBEZIUM_MONGODB, envelope.dialect());
        assertEquals(Schema.Type.STRING, envelope.rowSchema().type());
        assertEquals(EnvelopeSchema.JSON_SCHEMA_NAME, envelope.rowSchema().name());
        assertSame(UPDATE_DESCRIPTION, envelope.updateDescriptionField().schema());
        assertSame(MONGO_SOURCE, envelope.sourceSchema());
    }

    @Test
    void detectsOlderMongoDbEnvelopeWithoutBefore() {
        Schema schema = envelopeBuilder("mongo.inventory.customers.Envelope")
                .field("after", DebeziumFixtures.JSON)
                .field("source", MONGO_SOURCE)
                .field("op", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        EnvelopeSchema envelope = EnvelopeSchema.detect(schema);
        assertEquals(Dialect.DEBEZIUM_MONGODB, envelope.dialect());
        assertNull(envelope.beforeField());
        assertSame(DebeziumFixtures.JSON, envelope.rowSchema());
    }

    @Test
    void tellsMongoDbWithoutRowFieldsFromTheSourceBlockOrUpdateDescription() {
        Schema bySource = envelopeBuilder("mongo.inventory.customers.Envelope")
                .field("source", MONGO_SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .build();
        assertEquals(Dialect.DEBEZIUM_MONGODB, EnvelopeSchema.detect(bySource).dialect());

        Schema byUpdateDescription = envelopeBuilder("mongo.inventory.customers.Envelope")
                .field("updateDescription", UPDATE_DESCRIPTION)
                .field("op", Schema.STRING_SCHEMA)
                .build();
        assertEquals(Dialect.DEBEZIUM_MONGODB, EnvelopeSchema.detect(byUpdateDescription).dialect());

        Schema relational = envelopeBuilder("pg.public.customers.Envelope")
                .field("source", PG_SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .build();
        assertEquals(Dialect.DEBEZIUM, EnvelopeSchema.detect(relational).dialect());
    }

    @Test
    void everyFieldButOpMayBeAbsent() {
        Schema schema = envelopeBuilder("x.Envelope").field("op", Schema.STRING_SCHEMA).build();
        EnvelopeSchema envelope = EnvelopeSchema.detect(schema);
        assertNotNull(envelope);
        assertEquals(Dialect.DEBEZIUM, envelope.dialect());
        assertNull(envelope.beforeField());
        assertNull(envelope.afterField());
        assertNull(envelope.sourceField());
        assertNull(envelope.transactionField());
        assertNull(envelope.tsMsField());
        assertNull(envelope.rowSchema());
        assertNull(envelope.sourceSchema());

        Struct value = new Struct(schema).put("op", "c");
        assertEquals(Operation.CREATE, envelope.view(value).op());
        assertNull(envelope.view(value).after());
        assertNull(envelope.view(value).row());
        assertNull(envelope.view(value).source());
        assertNull(envelope.view(value).sourceField("table"));
        assertNull(envelope.view(value).tsMs());
        assertNull(envelope.view(value).transaction());
    }

    @Test
    void rowSchemaFallsBackToBefore() {
        Schema schema = envelopeBuilder("x.Envelope")
                .field("before", ROW)
                .field("op", Schema.STRING_SCHEMA)
                .build();
        assertSame(ROW, EnvelopeSchema.detect(schema).rowSchema());
    }

    @Test
    void toleratesUnknownExtraFields() {
        Schema schema = envelopeBuilder("pg.public.customers.Envelope")
                .field("before", ROW)
                .field("after", ROW)
                .field("source", PG_SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("origin_cluster", Schema.OPTIONAL_STRING_SCHEMA)
                .field("patch", Schema.OPTIONAL_STRING_SCHEMA)
                .field("message", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        EnvelopeSchema envelope = EnvelopeSchema.detect(schema);
        assertNotNull(envelope);
        assertEquals(Dialect.DEBEZIUM, envelope.dialect());
        // "message" is only resolved for message schemas; in an envelope it is an unknown field.
        assertNull(envelope.messageField());

        Struct value = new Struct(schema)
                .put("after", DebeziumFixtures.alice())
                .put("source", DebeziumFixtures.pgSource("false"))
                .put("op", "c")
                .put("ts_ms", TS_MS)
                .put("origin_cluster", "eu-1");
        assertEquals(Operation.CREATE, envelope.view(value).op());
        assertEquals(1001, ((Struct) envelope.view(value).row()).get("id"));
        assertEquals(TS_MS, envelope.view(value).tsMs());
        assertNull(envelope.view(value).message());
    }

    @Test
    void acceptsOptionalOp() {
        assertNotNull(EnvelopeSchema.detect(envelopeBuilder("a.Envelope")
                .field("op", Schema.OPTIONAL_STRING_SCHEMA).build()));
    }

    // ------------------------------------------------------------------ rejected schemas

    @Test
    void rejectsNullAndNonStructSchemas() {
        assertNull(EnvelopeSchema.detect(null));
        assertNull(EnvelopeSchema.detect(Schema.STRING_SCHEMA));
        assertNull(EnvelopeSchema.detect(SchemaBuilder.string().name("x.Envelope").build()));
        assertNull(EnvelopeSchema.detect(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA)
                .name("x.Envelope").build()));
        assertNull(EnvelopeSchema.detect(SchemaBuilder.array(ENVELOPE).name("x.Envelope").build()));
    }

    @Test
    void rejectsHeartbeat() {
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.HEARTBEAT));
    }

    @Test
    void rejectsSchemaChange() {
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.SCHEMA_CHANGE));
    }

    @Test
    void rejectsTransactionMetadata() {
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.TX_METADATA));
    }

    @Test
    void rejectsRowsWithEnvelopeLikeColumns() {
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.envelopeLikeRow("pg.public.audit.Value").schema()));
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.envelopeLikeRow("pg.public.Envelope.Value").schema()));
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.envelopeLikeRow("EnvelopeX").schema()));
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.ROW));
    }

    @Test
    void rejectsUnnamedStructs() {
        assertNull(EnvelopeSchema.detect(DebeziumFixtures.envelopeLikeRow(null).schema()));
        Schema unnamedEnvelope = SchemaBuilder.struct()
                .field("before", ROW)
                .field("after", ROW)
                .field("source", PG_SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .build();
        assertNull(EnvelopeSchema.detect(unnamedEnvelope));
    }

    @Test
    void rejectsEnvelopeNamesWithoutAStringOp() {
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("before", ROW).field("after", ROW).field("source", PG_SOURCE).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.INT32_SCHEMA).field("after", ROW).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", SchemaBuilder.struct().optional().build()).build()));
    }

    @Test
    void rejectsKnownFieldsOfTheWrongType() {
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("source", Schema.STRING_SCHEMA).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("transaction", Schema.OPTIONAL_STRING_SCHEMA).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_STRING_SCHEMA).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("ts_us", Schema.OPTIONAL_INT32_SCHEMA).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("ts_ns", Schema.OPTIONAL_FLOAT64_SCHEMA).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("updateDescription", Schema.OPTIONAL_STRING_SCHEMA).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA).field("before", Schema.OPTIONAL_INT32_SCHEMA).build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("op", Schema.STRING_SCHEMA)
                .field("after", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build()).build()));
    }

    @Test
    void rejectsMixedRowRepresentations() {
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("before", ROW)
                .field("after", DebeziumFixtures.JSON)
                .field("op", Schema.STRING_SCHEMA)
                .build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("x.Envelope")
                .field("before", DebeziumFixtures.JSON)
                .field("after", ROW)
                .field("op", Schema.STRING_SCHEMA)
                .build()));
    }

    @Test
    void rejectsMessageValueWithoutAMessageStruct() {
        assertNull(EnvelopeSchema.detect(envelopeBuilder("io.debezium.connector.postgresql.MessageValue")
                .field("op", Schema.STRING_SCHEMA)
                .field("source", PG_SOURCE)
                .build()));
        assertNull(EnvelopeSchema.detect(envelopeBuilder("io.debezium.connector.postgresql.MessageValue")
                .field("op", Schema.STRING_SCHEMA)
                .field("message", Schema.OPTIONAL_STRING_SCHEMA)
                .build()));
    }

    // ------------------------------------------------------------------ per-record accessors

    @Test
    void readsCreate() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);
        Struct value = DebeziumFixtures.create();
        assertEquals("c", envelope.view(value).opCode());
        assertEquals(Operation.CREATE, envelope.view(value).op());
        assertNull(envelope.view(value).before());
        assertSame(value.get("after"), envelope.view(value).after());
        assertSame(value.get("after"), envelope.view(value).row());
        assertSame(value.get("source"), envelope.view(value).source());
        assertEquals("customers", envelope.view(value).sourceField("table"));
        assertEquals(LSN, envelope.view(value).sourceField("lsn"));
        assertNull(envelope.view(value).sourceField("xmin"));
        assertNull(envelope.view(value).sourceField("no_such_field"));
        assertNull(envelope.view(value).sourceField(null));
        assertSame(value.get("transaction"), envelope.view(value).transaction());
        assertEquals(TS_MS, envelope.view(value).tsMs());
        assertEquals(TS_US, envelope.view(value).tsUs());
        assertEquals(TS_NS, envelope.view(value).tsNs());
        assertNull(envelope.view(value).message());
        assertNull(envelope.view(value).updateDescription());
    }

    @Test
    void readsReadUpdateDeleteAndTruncate() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);

        Struct read = DebeziumFixtures.read();
        assertEquals(Operation.READ, envelope.view(read).op());
        assertSame(read.get("after"), envelope.view(read).row());
        assertEquals("true", envelope.view(read).sourceField("snapshot"));
        assertNull(envelope.view(read).transaction());

        Struct update = DebeziumFixtures.update();
        assertEquals(Operation.UPDATE, envelope.view(update).op());
        assertEquals("Smith", ((Struct) envelope.view(update).before()).get("last_name"));
        assertEquals("Jones", ((Struct) envelope.view(update).after()).get("last_name"));
        assertSame(update.get("after"), envelope.view(update).row());

        Struct delete = DebeziumFixtures.delete();
        assertEquals(Operation.DELETE, envelope.view(delete).op());
        assertNull(envelope.view(delete).after());
        assertSame(delete.get("before"), envelope.view(delete).row());

        Struct truncate = DebeziumFixtures.truncate();
        assertEquals(Operation.TRUNCATE, envelope.view(truncate).op());
        assertNull(envelope.view(truncate).before());
        assertNull(envelope.view(truncate).after());
        assertNull(envelope.view(truncate).row());
        assertEquals("customers", envelope.view(truncate).sourceField("table"));
    }

    @Test
    void readsMessageEvent() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(MESSAGE_VALUE);
        Struct value = DebeziumFixtures.message();
        assertEquals(Operation.MESSAGE, envelope.view(value).op());
        assertNull(envelope.view(value).before());
        assertNull(envelope.view(value).after());
        assertNull(envelope.view(value).row());
        assertEquals("audit", ((Struct) envelope.view(value).message()).get("prefix"));
        assertEquals(TS_MS, envelope.view(value).tsMs());
        assertEquals("inventory", envelope.view(value).sourceField("db"));
    }

    @Test
    void readsMongoDbEvents() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(MONGO_ENVELOPE);
        Struct create = DebeziumFixtures.mongoEvent("c", null, MONGO_DOC, null);
        assertEquals(Operation.CREATE, envelope.view(create).op());
        assertEquals(MONGO_DOC, envelope.view(create).after());
        assertEquals(MONGO_DOC, envelope.view(create).row());
        assertEquals("customers", envelope.view(create).sourceField("collection"));

        Struct update = DebeziumFixtures.mongoEvent("u", null, null, DebeziumFixtures.mongoUpdateDescription());
        assertEquals(Operation.UPDATE, envelope.view(update).op());
        assertNull(envelope.view(update).row());
        assertSame(update.get("updateDescription"), envelope.view(update).updateDescription());

        Struct delete = DebeziumFixtures.mongoEvent("d", MONGO_DOC, null, null);
        assertEquals(MONGO_DOC, envelope.view(delete).row());
    }

    @Test
    void unknownOpCodeReadsAsNullOperationButKeepsTheCode() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);
        Struct value = DebeziumFixtures.envelope(ENVELOPE, "x", null, DebeziumFixtures.alice(), null, "false");
        assertEquals("x", envelope.view(value).opCode());
        assertNull(envelope.view(value).op());
        assertNull(envelope.view(value).row());
        assertNotNull(envelope.view(value).after());
    }

    @Test
    void accessorsReturnNullForATombstone() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);
        assertNull(envelope.view(null));
        assertFalse(envelope.matches(null));
    }

    // ------------------------------------------------------------------ schema identity

    @Test
    void readsValuesOfAnEqualSchemaInstance() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);
        Schema copy = DebeziumFixtures.pgEnvelope(ENVELOPE.name());
        Struct value = DebeziumFixtures.envelope(copy, "u", DebeziumFixtures.alice(),
                DebeziumFixtures.aliceRenamed(), null, "false");
        assertTrue(envelope.matches(value));
        assertEquals(Operation.UPDATE, envelope.view(value).op());
        assertEquals("Jones", ((Struct) envelope.view(value).row()).get("last_name"));
    }

    @Test
    void refusesValuesOfAnotherLayout() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);
        Struct mongo = DebeziumFixtures.mongoEvent("c", null, MONGO_DOC, null);
        Struct heartbeat = DebeziumFixtures.heartbeat();
        assertFalse(envelope.matches(mongo));
        assertFalse(envelope.matches(heartbeat));
        DataException e = assertThrows(DataException.class, () -> envelope.view(mongo).after());
        assertTrue(e.getMessage().contains(ENVELOPE.name()), e.getMessage());
        assertThrows(DataException.class, () -> envelope.view(heartbeat));
        assertThrows(DataException.class, () -> envelope.view(heartbeat).tsMs());

        // Same field names in the same places, but a different type for one of them.
        Schema retyped = envelopeBuilder(ENVELOPE.name())
                .field("before", ROW)
                .field("after", ROW)
                .field("source", PG_SOURCE)
                .field("transaction", TX_BLOCK)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Struct value = new Struct(retyped).put("op", "c").put("ts_ms", "soon")
                .put("source", DebeziumFixtures.pgSource("false"));
        assertFalse(envelope.matches(value));
        DataException retypedError = assertThrows(DataException.class, () -> envelope.view(value).tsMs());
        assertFalse(retypedError.getMessage().contains("soon"));
    }

    @Test
    void fieldsAreReadByTheirPosition() {
        EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);
        for (Field field : new Field[] {envelope.opField(), envelope.beforeField(), envelope.afterField(),
            envelope.sourceField(), envelope.transactionField(), envelope.tsMsField()}) {
            assertSame(ENVELOPE.fields().get(field.index()), field);
        }
    }

    @Test
    void toStringNamesTheSchemaAndDialect() {
        String text = EnvelopeSchema.detect(MESSAGE_VALUE).toString();
        assertTrue(text.contains(MESSAGE_VALUE.name()), text);
        assertTrue(text.contains("DEBEZIUM"), text);
        assertTrue(text.contains("message"), text);
    }
}
