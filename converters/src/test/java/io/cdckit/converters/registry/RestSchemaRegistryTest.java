package io.cdckit.converters.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestSchemaRegistryTest {

    static final Schema V1 = SchemaBuilder.record("Customer").namespace("shop").fields()
            .requiredLong("id").requiredString("name").endRecord();
    static final Schema V2 = SchemaBuilder.record("Customer").namespace("shop").fields()
            .requiredLong("id").requiredString("name").name("email").type().stringType().stringDefault("").endRecord();
    /** A new required field without default: not BACKWARD compatible with V1. */
    static final Schema BAD = SchemaBuilder.record("Customer").namespace("shop").fields()
            .requiredLong("id").requiredString("name").requiredInt("age").endRecord();

    private FakeRegistryServer server;
    private FakeRegistryServer other;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private RestSchemaRegistry client(String... urls) {
        return RestSchemaRegistry.builder().urls(List.of(urls)).maxRetries(2)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    @Test
    void registersFetchesAndListsVersions() throws IOException {
        server = new FakeRegistryServer(false);
        try (RestSchemaRegistry r = client(server.url())) {
            int id1 = r.register("orders-value", V1);
            int id2 = r.register("orders-value", V2);
            assertTrue(id1 != id2);
            assertEquals(id1, r.register("orders-value", V1));
            assertEquals(List.of(1, 2), r.versions("orders-value"));
            SchemaVersion latest = r.latest("orders-value");
            assertEquals(new SchemaVersion("orders-value", 2, id2, V2), latest);
            assertEquals(new SchemaVersion("orders-value", 1, id1, V1), r.version("orders-value", 1));
            assertNull(r.version("orders-value", 7));
            assertNull(r.latest("nope"));
            assertEquals(List.of(), r.versions("nope"));
            assertEquals(OptionalInt.of(id2), r.lookup("orders-value", V2));
            assertEquals(OptionalInt.empty(), r.lookup("orders-value", BAD));
            assertEquals(OptionalInt.empty(), r.lookup("nope", V1));
            assertTrue(server.contentTypes.contains(RestSchemaRegistry.CONTENT_TYPE));
        }
        try (RestSchemaRegistry fresh = client(server.url())) {
            assertEquals(V2, fresh.getById(2));
        }
    }

    @Test
    void subjectIsPercentEncodedInThePath() throws IOException {
        server = new FakeRegistryServer(false);
        try (RestSchemaRegistry r = client(server.url())) {
            int id = r.register("db/schema.table value", V1);
            assertEquals(OptionalInt.of(id), r.lookup("db/schema.table value", V1));
            assertTrue(server.requests.contains("POST /subjects/db%2Fschema.table%20value/versions"), server.requests.toString());
        }
    }

    @Test
    void cachesIdsAndSchemas() throws IOException {
        server = new FakeRegistryServer(false);
        try (RestSchemaRegistry r = client(server.url())) {
            int id = r.register("t-value", V1);
            r.register("t-value", V1);
            assertEquals(1, server.count("POST /subjects/t-value/versions"));
            assertEquals(OptionalInt.of(id), r.lookup("t-value", V1));
            assertEquals(0, server.exact("POST /subjects/t-value"));
            assertEquals(V1, r.getById(id)); // known from register
            assertEquals(0, server.count("GET /schemas/ids/"));
        }
        try (RestSchemaRegistry r = client(server.url())) {
            assertEquals(V1, r.getById(1));
            assertEquals(V1, r.getById(1));
            assertEquals(1, server.count("GET /schemas/ids/1"));
            assertTrue(r.lookup("t-value", V1).isPresent());
            assertTrue(r.lookup("t-value", V1).isPresent());
            assertEquals(1, server.exact("POST /subjects/t-value"));
            // an equal but distinct Schema object hits the cache too (filled by lookup)
            assertEquals(1, r.register("t-value", new Schema.Parser().parse(V1.toString())));
            assertEquals(1, server.count("POST /subjects/t-value/versions"));
        }
    }

    @Test
    void unknownIdIsSchemaNotFound() throws IOException {
        server = new FakeRegistryServer(false);
        try (RestSchemaRegistry r = client(server.url())) {
            SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> r.getById(42));
            assertEquals(404, e.status());
            assertEquals(40403, e.errorCode());
            assertEquals("/schemas/ids/42", e.path());
            assertTrue(e.getMessage().contains("/schemas/ids/42"), e.getMessage());
            assertInstanceOf(DataException.class, e);
        }
    }

    @Test
    void incompatibleConfluentStyle() throws IOException {
        server = new FakeRegistryServer(false);
        try (RestSchemaRegistry r = client(server.url())) {
            r.setCompatibility(null, "BACKWARD");
            r.register("c-value", V1);
            IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class, () -> r.register("c-value", BAD));
            assertEquals(409, e.status());
            assertEquals(40901, e.errorCode());
            assertEquals("c-value", e.subject());
            assertTrue(e.getMessage().contains("POST /subjects/c-value/versions"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 409"), e.getMessage());
            assertTrue(e.getMessage().contains("'c-value'"), e.getMessage());
            assertEquals(2, server.count("POST /subjects/c-value/versions")); // no retry on 4xx
        }
    }

    @Test
    void incompatibleApicurioStyle() throws IOException {
        server = new FakeRegistryServer(true);
        try (RestSchemaRegistry r = client(server.url())) {
            r.setCompatibility("a-value", "BACKWARD");
            r.register("a-value", V1);
            IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class, () -> r.register("a-value", BAD));
            assertEquals(409, e.status());
            assertEquals(409, e.errorCode());
            assertTrue(server.requests.get(0).startsWith("PUT /apis/ccompat/v7/config/a-value"));
        }
    }

    @Test
    void compatibilityConfluentStyle() throws IOException {
        server = new FakeRegistryServer(false);
        try (RestSchemaRegistry r = client(server.url())) {
            assertNull(r.compatibility(null));
            assertNull(r.compatibility("x-value"));
            r.setCompatibility(null, "backward");
            assertEquals("BACKWARD", r.compatibility(null));
            assertEquals("BACKWARD", r.compatibility("x-value"));
            r.setCompatibility("x-value", "FULL_TRANSITIVE");
            assertEquals("FULL_TRANSITIVE", r.compatibility("x-value"));
            assertEquals("BACKWARD", r.compatibility(null));
        }
    }

    @Test
    void compatibilityConfluentWithoutDefaultToGlobalFallsBackOn40408() throws IOException {
        server = new FakeRegistryServer(false);
        server.ignoreDefaultToGlobal = true; // an older registry: 40408 for a subject without a setting
        server.globalLevel = "FORWARD";
        try (RestSchemaRegistry r = client(server.url())) {
            assertEquals("FORWARD", r.compatibility("y-value"));
            assertEquals(1, server.exact("GET /config"));
        }
    }

    @Test
    void compatibilityApicurioStyle() throws IOException {
        server = new FakeRegistryServer(true);
        server.globalLevel = "BACKWARD";
        try (RestSchemaRegistry plain = client(server.url());
             RestSchemaRegistry apicurio = RestSchemaRegistry.builder().url(server.url()).subjectNoneMeansUnset(true).build()) {
            // Apicurio answers NONE for a subject without a setting
            assertEquals("NONE", plain.compatibility("z-value"));
            assertEquals("BACKWARD", apicurio.compatibility("z-value"));
            apicurio.setCompatibility("z-value", "FORWARD");
            assertEquals("FORWARD", apicurio.compatibility("z-value"));
            assertEquals("BACKWARD", apicurio.compatibility(null));
        }
    }

    @Test
    void invalidLevelIsRejectedBeforeAnyRequest() throws IOException {
        server = new FakeRegistryServer(false);
        try (RestSchemaRegistry r = client(server.url())) {
            RegistryException e = assertThrows(RegistryException.class, () -> r.setCompatibility("s", "SIDEWAYS"));
            assertEquals(RegistryException.INVALID_COMPATIBILITY_LEVEL, e.errorCode());
            assertTrue(server.requests.isEmpty());
        }
    }

    @Test
    void failsOverFromADeadUrl() throws IOException {
        server = new FakeRegistryServer(false);
        String dead = "http://127.0.0.1:" + freePort();
        try (RestSchemaRegistry r = client(dead, server.url())) {
            int id = r.register("f-value", V1);
            assertEquals(V1, r.getById(id));
            assertEquals(1, r.versions("f-value").size());
            assertEquals(2, server.requests.size()); // register + versions; getById was cached
        }
    }

    @Test
    void failsOverFromA5xxUrlAndSticksToTheGoodOne() throws IOException {
        server = new FakeRegistryServer(false);
        other = new FakeRegistryServer(false);
        other.failNext.set(Integer.MAX_VALUE);
        try (RestSchemaRegistry r = client(other.url(), server.url())) {
            r.register("g-value", V1);
            r.versions("g-value");
            r.latest("g-value");
            assertEquals(1, other.requests.size()); // after the first failover the good URL is preferred
            assertEquals(3, server.requests.size());
        }
    }

    @Test
    void retries503ThenSucceeds() throws IOException {
        server = new FakeRegistryServer(false);
        server.failNext.set(2);
        try (RestSchemaRegistry r = client(server.url())) {
            assertEquals(1, r.register("r-value", V1));
            assertEquals(3, server.requests.size());
        }
    }

    @Test
    void unavailableAfterRetriesIsRetriable() throws IOException {
        server = new FakeRegistryServer(false);
        server.failNext.set(Integer.MAX_VALUE);
        try (RestSchemaRegistry r = client(server.url())) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> r.register("u-value", V1));
            assertInstanceOf(RetriableException.class, e);
            assertEquals(503, e.status());
            assertEquals(3, server.requests.size()); // first round + 2 retries
            assertTrue(e.getMessage().contains("/subjects/u-value/versions"), e.getMessage());
        }
    }

    @Test
    void unreachableIsRetriable() throws IOException {
        try (RestSchemaRegistry r = RestSchemaRegistry.builder().url("http://127.0.0.1:" + freePort())
                .url("http://127.0.0.1:" + freePort()).maxRetries(1)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(1)).connectTimeout(Duration.ofSeconds(2)).build()) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> r.getById(1));
            assertEquals(-1, e.status());
            assertTrue(e.getMessage().contains("/schemas/ids/1"), e.getMessage());
        }
    }

    @Test
    void basicAuthHeaderAndWrongCredentials() throws IOException {
        server = new FakeRegistryServer(false);
        server.requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (RestSchemaRegistry r = RestSchemaRegistry.builder().url(server.url()).basicAuth("alice", "s3cret").build()) {
            assertEquals(1, r.register("b-value", V1));
        }
        // credentials in the URL's user-info
        String withUserInfo = server.url().replace("http://", "http://alice:s3cret@");
        try (RestSchemaRegistry r = RestSchemaRegistry.builder().url(withUserInfo).build()) {
            assertEquals(V1, r.getById(1));
            assertFalse(r.baseUrls().get(0).contains("s3cret"));
        }
        try (RestSchemaRegistry r = RestSchemaRegistry.builder().url(server.url()).basicAuth("alice", "wrong").build()) {
            RegistryException e = assertThrows(RegistryException.class, () -> r.register("b-value", V2));
            assertEquals(401, e.status());
            assertFalse(e.getMessage().contains("wrong"));
            assertFalse(e instanceof IncompatibleSchemaException);
        }
    }

    @Test
    void bearerToken() throws IOException {
        server = new FakeRegistryServer(false);
        server.requiredAuthorization = "Bearer tok-123";
        try (RestSchemaRegistry r = RestSchemaRegistry.builder().url(server.url()).bearerToken("tok-123").build()) {
            assertEquals(1, r.register("t-value", V1));
            assertEquals("Bearer tok-123", server.authorizations.get(0));
        }
        assertThrows(ConfigException.class,
                () -> RestSchemaRegistry.builder().url(server.url()).bearerToken("t").basicAuth("a:b").build());
    }

    @Test
    void badTrustStoreAndBadUrlsAreConfigErrors() {
        assertThrows(ConfigException.class, () -> RestSchemaRegistry.builder().url("https://127.0.0.1:1")
                .trustStore("/nonexistent/truststore.p12", "pw", "PKCS12").build());
        assertThrows(ConfigException.class, () -> RestSchemaRegistry.builder().url("ftp://x").build());
        assertThrows(ConfigException.class, () -> RestSchemaRegistry.builder().build());
    }

    @Test
    void factoryReadsConfluentStyleConfigs() throws IOException {
        server = new FakeRegistryServer(false);
        server.requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
        server.failNext.set(1);
        try (SchemaRegistry r = SchemaRegistries.create(SchemaRegistries.parseUrls(server.url() + "/"),
                Map.of(SchemaRegistries.BASIC_AUTH_SOURCE, "USER_INFO", SchemaRegistries.BASIC_AUTH_USER_INFO, "bob:pw",
                        SchemaRegistries.MAX_RETRIES, "1", SchemaRegistries.RETRIES_WAIT_MS, 1))) {
            assertInstanceOf(RestSchemaRegistry.class, r);
            assertEquals(1, r.register("fac-value", V1));
        }
        assertThrows(ConfigException.class, () -> SchemaRegistries.create(List.of(server.url()),
                Map.of(SchemaRegistries.MAX_RETRIES, "lots")));
        // prefixed names, as cdckit's AvroConverter spells them; Password values unwrapped
        server.failNext.set(1);
        try (SchemaRegistry r = SchemaRegistries.create(List.of(server.url()),
                Map.of("schema.registry.basic.auth.user.info", new org.apache.kafka.common.config.types.Password("bob:pw"),
                        "schema.registry.retries", "1", "schema.registry.retry.backoff.ms", "1"))) {
            assertEquals(V1, r.getById(1));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
