package io.cdckit.testkit.cdc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded server itself: logical decoding on, databases, scripts, slots (no Connect runtime). */
class EmbeddedPostgresCdcIT {

    static EmbeddedPostgresCdc pg;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresCdc.start();
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void serverIsReadyForLogicalDecoding() {
        EmbeddedPostgresCdc.Database db = pg.database();
        assertEquals("logical", db.queryValue("SHOW wal_level"));
        assertTrue(Integer.parseInt((String) db.queryValue("SHOW max_replication_slots")) >= 4);
        assertTrue(((String) db.queryValue("SELECT version()")).startsWith("PostgreSQL 17"));
    }

    @Test
    void databasesScriptsAndQueries() {
        EmbeddedPostgresCdc.Database db = pg.createDatabase("scripts_db");
        db.executeScript("CREATE TABLE t (id int PRIMARY KEY, v text);\n"
                + "INSERT INTO t VALUES (1, 'a;b'), (2, NULL);\n"
                + "BEGIN; UPDATE t SET v = 'c' WHERE id = 2; COMMIT;");
        assertEquals(List.of(Map.of("id", 1, "v", "a;b"), Map.of("id", 2, "v", "c")),
                db.query("SELECT id, v FROM t ORDER BY id"));
        assertEquals("scripts_db", db.queryValue("SELECT current_database()"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.execute("SELECT * FROM nope"));
        assertTrue(e.getMessage().contains("SELECT * FROM nope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("Bad-Name"));
    }

    @Test
    void connectorConfigNamesItsOwnSlotAndPublication() {
        EmbeddedPostgresCdc.Database db = pg.createDatabase("config_db");
        Map<String, String> a = db.connectorConfig("orders", "shop.orders", "shop.items");
        Map<String, String> b = db.connectorConfig("orders", "shop.orders");
        assertEquals(EmbeddedPostgresCdc.CONNECTOR_CLASS, a.get("connector.class"));
        assertEquals("config_db", a.get("database.dbname"));
        assertEquals(Integer.toString(pg.port()), a.get("database.port"));
        assertEquals("orders", a.get("topic.prefix"));
        assertEquals("shop.orders,shop.items", a.get("table.include.list"));
        assertEquals("pgoutput", a.get("plugin.name"));
        assertEquals("filtered", a.get("publication.autocreate.mode"));
        assertEquals("none", a.get("skipped.operations"));
        assertEquals("initial", a.get("snapshot.mode"));
        assertEquals("1", a.get("topic.creation.default.replication.factor"));
        assertEquals("1", a.get("topic.creation.default.partitions"));
        assertFalse(a.get("slot.name").equals(b.get("slot.name")));
        assertFalse(a.get("publication.name").equals(b.get("publication.name")));
        assertEquals(List.of(a.get("slot.name"), b.get("slot.name")), db.slotNames());
        a.put("transforms", "x"); // a mutable map
    }

    @Test
    void replicationSlotsCanBeInspectedAndDropped() {
        EmbeddedPostgresCdc.Database db = pg.createDatabase("slots_db");
        String slot = db.connectorConfig("slots", "shop.t").get("slot.name");
        assertNull(db.confirmedFlushLsn(slot));
        db.queryValue("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        assertTrue(db.confirmedFlushLsn(slot).contains("/"));
        assertTrue(db.dropReplicationSlot(slot));
        assertFalse(db.dropReplicationSlot(slot));
    }
}
