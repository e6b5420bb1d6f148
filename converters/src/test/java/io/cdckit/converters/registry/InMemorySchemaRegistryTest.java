package io.cdckit.converters.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cdckit.converters.registry.RestSchemaRegistryTest.BAD;
import static io.cdckit.converters.registry.RestSchemaRegistryTest.V1;
import static io.cdckit.converters.registry.RestSchemaRegistryTest.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemorySchemaRegistryTest {

    /** V1 without the "name" field: readable by V1 (backward) only if name had a default, so FORWARD-only compatible. */
    static final Schema DROPPED_NAME = SchemaBuilder.record("Customer").namespace("shop").fields()
            .requiredLong("id").endRecord();

    @AfterEach
    void reset() {
        InMemorySchemaRegistry.reset("t1");
        InMemorySchemaRegistry.reset("t2");
    }

    @Test
    void idsAreGlobalAndStableVersionsPerSubject() {
        InMemorySchemaRegistry r = new InMemorySchemaRegistry();
        int a = r.register("a-value", V1);
        int b = r.register("b-value", V1);
        assertEquals(a, b);
        assertEquals(a, r.register("a-value", new Schema.Parser().parse(V1.toString())));
        int c = r.register("a-value", V2);
        assertTrue(c != a);
        assertEquals(List.of(1, 2), r.versions("a-value"));
        assertEquals(List.of(1), r.versions("b-value"));
        assertEquals(new SchemaVersion("a-value", 2, c, V2), r.latest("a-value"));
        assertEquals(new SchemaVersion("a-value", 1, a, V1), r.version("a-value", 1));
        assertNull(r.version("a-value", 3));
        assertNull(r.latest("none"));
        assertEquals(List.of(), r.versions("none"));
        assertEquals(OptionalInt.of(c), r.lookup("a-value", V2));
        assertEquals(OptionalInt.empty(), r.lookup("b-value", V2));
        assertEquals(V2, r.getById(c));
        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> r.getById(99));
        assertEquals(40403, e.errorCode());
        // V2 registered later under b-value keeps its id and becomes b's version 2
        assertEquals(c, r.register("b-value", V2));
        assertEquals(2, r.latest("b-value").version());
    }

    @Test
    void scopesAreSharedAndResettable() {
        InMemorySchemaRegistry one = InMemorySchemaRegistry.forScope("t1");
        assertSame(one, InMemorySchemaRegistry.forScope("t1"));
        assertNotSame(one, InMemorySchemaRegistry.forScope("t2"));
        one.register("s", V1);
        assertEquals(List.of(1), InMemorySchemaRegistry.forScope("t1").versions("s"));
        assertEquals(List.of(), InMemorySchemaRegistry.forScope("t2").versions("s"));
        InMemorySchemaRegistry.reset("t1");
        assertNotSame(one, InMemorySchemaRegistry.forScope("t1"));
        assertEquals(List.of(), InMemorySchemaRegistry.forScope("t1").versions("s"));
    }

    @Test
    void factoryGivesTheScopedRegistry() {
        SchemaRegistry r = SchemaRegistries.create(SchemaRegistries.parseUrls("mem://t1"));
        assertSame(InMemorySchemaRegistry.forScope("t1"), r);
        assertThrows(ConfigException.class, () -> SchemaRegistries.create(List.of("mem://t1", "http://127.0.0.1:1")));
        assertThrows(ConfigException.class, () -> SchemaRegistries.create(List.of("mem://t1", "mem://t2")));
        assertThrows(ConfigException.class, () -> SchemaRegistries.create(List.of("file:///x")));
        assertThrows(ConfigException.class, () -> SchemaRegistries.create(List.of()));
    }

    @Test
    void compatibilityLevels() {
        InMemorySchemaRegistry r = new InMemorySchemaRegistry();
        r.setCompatibility(null, null);
        assertNull(r.compatibility(null));
        assertNull(r.compatibility("s"));
        r.setCompatibility(null, "backward");
        assertEquals("BACKWARD", r.compatibility("s"));
        r.setCompatibility("s", "NONE");
        assertEquals("NONE", r.compatibility("s"));
        assertEquals("BACKWARD", r.compatibility(null));
        RegistryException e = assertThrows(RegistryException.class, () -> r.setCompatibility("s", "WHATEVER"));
        assertEquals(422, e.status());
    }

    /** As Confluent's registry: BACKWARD globally, no level per subject, for fresh and mem:// registries alike. */
    @Test
    void startsWithConfluentsDefaultLevel() {
        for (SchemaRegistry r : List.of(new InMemorySchemaRegistry(), SchemaRegistries.create(List.of("mem://t1")))) {
            assertEquals("BACKWARD", r.compatibility(null), r.toString());
            assertEquals("BACKWARD", r.compatibility("s"), "the global level applies to every subject");
            r.register("s", V1);
            r.register("s", V2); // a new field with a default: backward compatible
            IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class, () -> r.register("s", BAD));
            assertTrue(e.getMessage().contains("compatibility BACKWARD"), e.getMessage());
            assertEquals(List.of(1, 2), r.versions("s"));
        }
    }

    @Test
    void noLevelAcceptsAnything() {
        InMemorySchemaRegistry r = new InMemorySchemaRegistry();
        r.setCompatibility(null, null);
        r.register("s", V1);
        r.register("s", BAD);
        assertEquals(List.of(1, 2), r.versions("s"));
    }

    @Test
    void backwardRejectsANewRequiredField() {
        InMemorySchemaRegistry r = new InMemorySchemaRegistry();
        r.setCompatibility("s", "BACKWARD");
        r.register("s", V1);
        r.register("s", V2); // new field with default: fine
        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class, () -> r.register("s", BAD));
        assertEquals(409, e.status());
        assertEquals(40901, e.errorCode());
        assertEquals("s", e.subject());
        assertTrue(e.getMessage().contains("BACKWARD"), e.getMessage());
        assertEquals(List.of(1, 2), r.versions("s"));
        // re-registering an existing version is never a compatibility question
        assertEquals(r.lookup("s", V1).getAsInt(), r.register("s", V1));
        // NONE on the subject lifts the check
        r.setCompatibility("s", "NONE");
        r.register("s", BAD);
    }

    @Test
    void forwardAndFull() {
        InMemorySchemaRegistry r = new InMemorySchemaRegistry();
        r.setCompatibility(null, "FORWARD");
        r.register("f", V1);
        // V1 readers cannot fill the dropped required "name": not forward compatible
        assertThrows(IncompatibleSchemaException.class, () -> r.register("f", DROPPED_NAME));
        r.register("f", V2); // V1 readers ignore the new field

        r.setCompatibility("b", "BACKWARD");
        r.register("b", V1);
        r.register("b", DROPPED_NAME); // the new reader ignores "name"

        r.setCompatibility("full", "FULL");
        r.register("full", V1);
        assertThrows(IncompatibleSchemaException.class, () -> r.register("full", DROPPED_NAME));
        assertThrows(IncompatibleSchemaException.class, () -> r.register("full", BAD));
        r.register("full", V2);
        assertEquals(List.of(1, 2), r.versions("full"));
    }

    @Test
    void transitiveChecksEveryVersion() {
        Schema base = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
        Schema withB = SchemaBuilder.record("R").fields().requiredInt("a")
                .name("b").type().intType().intDefault(0).endRecord();
        Schema bRequired = SchemaBuilder.record("R").fields().requiredInt("a").requiredInt("b").endRecord();

        InMemorySchemaRegistry plain = new InMemorySchemaRegistry();
        plain.setCompatibility(null, "BACKWARD");
        plain.register("s", base);
        plain.register("s", withB);
        plain.register("s", bRequired); // compatible with the latest (withB writes b) only

        InMemorySchemaRegistry transitive = new InMemorySchemaRegistry();
        transitive.setCompatibility(null, "BACKWARD_TRANSITIVE");
        transitive.register("s", base);
        transitive.register("s", withB);
        assertThrows(IncompatibleSchemaException.class, () -> transitive.register("s", bRequired));
    }

    @Test
    void threadSafeRegistration() throws Exception {
        InMemorySchemaRegistry r = new InMemorySchemaRegistry();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Schema s = i % 2 == 0 ? V1 : V2;
                String subject = "s" + (i % 4);
                futures.add(pool.submit(() -> r.register(subject, s)));
            }
            ConcurrentHashMap<Integer, Boolean> ids = new ConcurrentHashMap<>();
            for (Future<Integer> f : futures) {
                ids.put(f.get(), true);
            }
            assertEquals(2, ids.size());
            for (int i = 0; i < 4; i++) {
                assertEquals(List.of(1), r.versions("s" + i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
