package io.cdckit.core.cdc;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.cdckit.core.cdc.DebeziumFixtures.ENVELOPE;
import static io.cdckit.core.cdc.DebeziumFixtures.MONGO_DOC;
import static io.cdckit.core.cdc.DebeziumFixtures.MONGO_DOC_UPDATED;
import static io.cdckit.core.cdc.DebeziumFixtures.PG_SOURCE;
import static io.cdckit.core.cdc.DebeziumFixtures.ROW;
import static io.cdckit.core.cdc.DebeziumFixtures.TS_MS;
import static io.cdckit.core.cdc.DebeziumFixtures.TS_NS;
import static io.cdckit.core.cdc.DebeziumFixtures.TS_US;
import static io.cdckit.core.cdc.DebeziumFixtures.TX_BLOCK_ID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructChangeEventTest {

    private final EnvelopeSchema envelope = EnvelopeSchema.detect(ENVELOPE);

    @Test
    void describesItsEnvelope() {
        Struct value = DebeziumFixtures.create();
        ChangeEvent event = envelope.view(value);
        assertInstanceOf(StructChangeEvent.class, event);
        assertFalse(event.isSchemaless());
        assertSame(value, event.value());
        assertSame(envelope, event.envelopeSchema());
        assertSame(ENVELOPE, event.schema());
        assertSame(ROW, event.rowSchema());
        assertSame(PG_SOURCE, event.sourceSchema());
        assertEquals(Dialect.DEBEZIUM, event.dialect());
    }

    @Test
    void returnsTheEnvelopesOwnObjectsWithoutCopying() {
        Struct value = DebeziumFixtures.update();
        ChangeEvent event = envelope.view(value);
        assertSame(value.get("before"), event.before());
        assertSame(value.get("after"), event.after());
        assertSame(value.get("after"), event.row());
        assertSame(value.get("source"), event.source());
        assertSame(value.get("transaction"), event.transaction());
    }

    @Test
    void readsEveryPartOfAnUpdate() {
        ChangeEvent event = envelope.view(DebeziumFixtures.update());
        assertEquals("u", event.opCode());
        assertEquals(Operation.UPDATE, event.op());
        assertEquals("Smith", ((Struct) event.before()).get("last_name"));
        assertEquals("Jones", ((Struct) event.row()).get("last_name"));
        assertEquals("postgresql", event.sourceField("connector"));
        assertEquals("public", event.sourceField("schema"));
        assertEquals("customers", event.sourceField("table"));
        assertEquals(DebeziumFixtures.TX_ID, event.sourceField("txId"));
        assertNull(event.sourceField("xmin"));
        assertNull(event.sourceField("collection"));
        assertEquals(TX_BLOCK_ID, ((Struct) event.transaction()).get("id"));
        assertEquals(3L, ((Struct) event.transaction()).get("total_order"));
        assertEquals(TS_MS, event.tsMs());
        assertEquals(TS_US, event.tsUs());
        assertEquals(TS_NS, event.tsNs());
        assertNull(event.message());
        assertNull(event.updateDescription());
    }

    @Test
    void deleteRowIsTheBeforeImage() {
        Struct value = DebeziumFixtures.delete();
        ChangeEvent event = envelope.view(value);
        assertEquals(Operation.DELETE, event.op());
        assertSame(value.get("before"), event.row());
        assertNull(event.after());
    }

    @Test
    void truncateHasNoRow() {
        ChangeEvent event = envelope.view(DebeziumFixtures.truncate());
        assertEquals(Operation.TRUNCATE, event.op());
        assertNull(event.before());
        assertNull(event.after());
        assertNull(event.row());
        assertEquals("customers", event.sourceField("table"));
        assertSame(ROW, event.rowSchema());
    }

    @Test
    void readsMessageEvents() {
        Struct value = DebeziumFixtures.message();
        ChangeEvent event = EnvelopeSchema.detect(value.schema()).view(value);
        assertEquals(Operation.MESSAGE, event.op());
        assertNull(event.row());
        assertNull(event.rowSchema());
        Struct message = (Struct) event.message();
        assertEquals("audit", message.get("prefix"));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), (byte[]) message.get("content"));
        assertNull(event.transaction());
    }

    @Test
    void readsMongoDbEventsAsJsonText() {
        EnvelopeSchema mongo = EnvelopeSchema.detect(DebeziumFixtures.MONGO_ENVELOPE);
        ChangeEvent update = mongo.view(DebeziumFixtures.mongoEvent("u", MONGO_DOC, MONGO_DOC_UPDATED,
                DebeziumFixtures.mongoUpdateDescription()));
        assertEquals(Dialect.DEBEZIUM_MONGODB, update.dialect());
        assertEquals(MONGO_DOC, update.before());
        assertEquals(MONGO_DOC_UPDATED, update.after());
        assertEquals(MONGO_DOC_UPDATED, update.row());
        assertEquals("mongodb", update.sourceField("connector"));
        assertEquals(1, update.sourceField("ord"));
        Struct description = (Struct) update.updateDescription();
        assertEquals(List.of("nickname"), description.get("removedFields"));
    }

    @Test
    void readsStructsOfAnEqualSchemaInstance() {
        Struct value = DebeziumFixtures.envelope(DebeziumFixtures.pgEnvelope(ENVELOPE.name()), "d",
                DebeziumFixtures.alice(), null, null, "false");
        ChangeEvent event = envelope.view(value);
        assertEquals(Operation.DELETE, event.op());
        assertSame(value.get("before"), event.row());
        assertSame(value.schema(), event.schema());
        assertEquals("customers", event.sourceField("table"));
        assertEquals(TS_NS, event.tsNs());
    }

    @Test
    void refusesStructsOfAnotherLayout() {
        Struct heartbeat = DebeziumFixtures.heartbeat();
        DataException e = assertThrows(DataException.class, () -> envelope.view(heartbeat));
        assertTrue(e.getMessage().contains(ENVELOPE.name()), e.getMessage());
    }

    @Test
    void toStringLeavesOutValues() {
        String text = envelope.view(DebeziumFixtures.update()).toString();
        assertTrue(text.contains("UPDATE"), text);
        assertTrue(text.contains(ENVELOPE.name()), text);
        assertFalse(text.contains("alice"), text);
        assertFalse(text.contains("Smith"), text);
    }

    @Test
    void viewsOfTheSameValueAgree() {
        Struct value = DebeziumFixtures.create();
        ChangeEvent first = envelope.view(value);
        ChangeEvent second = envelope.view(value);
        assertSame(first.after(), second.after());
        assertEquals(first.tsMs(), second.tsMs());
        assertEquals(first.op(), second.op());
    }
}
