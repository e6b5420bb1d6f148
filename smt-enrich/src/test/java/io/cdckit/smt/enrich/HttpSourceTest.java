package io.cdckit.smt.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lookup with {@code source=http} against a real HTTP server ({@link HttpStub}), through the
 * transform as Connect runs it: hits with typed fields, struct and merge targets, schemaless rows,
 * the cache in front of the service, URL encoding, POST bodies, authentication headers, and how
 * each kind of answer or failure ends.
 *
 * <p>Over 400 lines: one class for the source's behaviour as a user meets it (configuration mistakes
 * and the transform contract have their own), each case short and sharing one server and one set of
 * record builders.
 */
class HttpSourceTest {

    static final String TOKEN = "tok-9f8e7d-bearer-secret";
    static final String PASSWORD = "pw-5a4b3c-basic-secret";
    static final String API_KEY = "key-1a2b3c-header-secret";

    /** Every declared type, a nested pointer and one the answer does not have. */
    static final String FIELDS = "tier:/tier:string,credit:/credit:decimal(2),since:/since:date,vip:/vip:boolean,"
            + "visits:/visits:int32,account:/account/id:int64,opened:/account/opened:timestamp,score:/score:float64,"
            + "nickname:/profile/nickname:string";
    static final String GOLD = "{\"tier\":\"gold\",\"credit\":1250.5,\"since\":\"2021-03-04\",\"vip\":true,"
            + "\"visits\":42,\"account\":{\"id\":9000000000123,\"opened\":\"2020-01-02T03:04:05Z\"},\"score\":0.75}";
    static final Schema COLUMNS = SchemaBuilder.struct().name("io.cdckit.enrich.lookup").optional()
            .field("tier", Schema.OPTIONAL_STRING_SCHEMA)
            .field("credit", Decimal.builder(2).optional().build())
            .field("since", Date.builder().optional().build())
            .field("vip", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("visits", Schema.OPTIONAL_INT32_SCHEMA)
            .field("account", Schema.OPTIONAL_INT64_SCHEMA)
            .field("opened", Timestamp.builder().optional().build())
            .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("nickname", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema ORDER = SchemaBuilder.struct().name("shop.order")
            .field("id", Schema.INT32_SCHEMA)
            .field("customer_id", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static HttpStub stub;
    private final List<Lookup<SinkRecord>> opened = new ArrayList<>();
    private long offset;

    @BeforeAll
    static void startServer() throws IOException {
        stub = HttpStub.start();
    }

    @AfterAll
    static void stopServer() {
        stub.close();
    }

    @BeforeEach
    void forgetHits() {
        stub.reset();
    }

    @AfterEach
    void closeTransforms() {
        opened.forEach(Lookup::close);
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("key.fields", "customer_id");
        m.put("source", "http");
        m.put("http.url", stub.base() + "/customers/${0}");
        m.put("http.response.fields", FIELDS);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    Lookup<SinkRecord> lookup(String... kv) {
        Lookup.Value<SinkRecord> t = new Lookup.Value<>();
        t.configure(props(kv));
        opened.add(t);
        return t;
    }

    SinkRecord order(int id, String customer) {
        return new SinkRecord("shop.orders", 0, null, null, ORDER, new Struct(ORDER).put("id", id)
                .put("customer_id", customer), offset++);
    }

    SinkRecord schemalessOrder(int id, String customer) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("customer_id", customer);
        return new SinkRecord("shop.orders", 0, null, null, null, value, offset++);
    }

    /** The row GOLD describes, as the declared types read it. */
    static Struct goldRow() {
        return new Struct(COLUMNS)
                .put("tier", "gold")
                .put("credit", new BigDecimal("1250.50"))
                .put("since", new java.util.Date(LocalDate.of(2021, 3, 4).toEpochDay() * 86_400_000L))
                .put("vip", true)
                .put("visits", 42)
                .put("account", 9_000_000_000_123L)
                .put("opened", java.util.Date.from(Instant.parse("2020-01-02T03:04:05Z")))
                .put("score", 0.75);
    }

    static Struct lookedUp(SinkRecord out) {
        return ((Struct) out.value()).getStruct("lookup");
    }

    static String errorHeader(SinkRecord out) {
        Header h = out.headers().lastWithName(LookupConfig.ERROR_HEADER);
        return h == null ? null : (String) h.value();
    }

    // ------------------------------------------------------------------ hits

    @Test
    void aHitAddsTheLookupStructWithTypedFieldsAndAMissingPointerIsNull() {
        stub.json("/customers/c-1", 200, GOLD);
        SinkRecord out = lookup().apply(order(1, "c-1"));

        Schema expected = SchemaBuilder.struct().name("shop.order")
                .field("id", Schema.INT32_SCHEMA)
                .field("customer_id", Schema.OPTIONAL_STRING_SCHEMA)
                .field("lookup", COLUMNS)
                .build();
        assertEquals(expected.fields(), out.valueSchema().fields());
        assertEquals(goldRow(), lookedUp(out));
        assertNull(lookedUp(out).get("nickname"), "a pointer the answer lacks gives null");
        assertEquals(1, ((Struct) out.value()).getInt32("id"));
        assertEquals("c-1", ((Struct) out.value()).getString("customer_id"));
        HttpStub.Request request = stub.requests("/customers/c-1").get(0);
        assertEquals("GET", request.method());
        assertEquals("application/json", request.header("Accept"));
    }

    @Test
    void aSchemalessRowGetsTheColumnsAsAMap() {
        stub.json("/customers/c-2", 200, GOLD);
        SinkRecord out = lookup().apply(schemalessOrder(2, "c-2"));

        Map<?, ?> value = (Map<?, ?>) out.value();
        Map<String, Object> expected = new LinkedHashMap<>();
        for (org.apache.kafka.connect.data.Field f : COLUMNS.fields()) {
            expected.put(f.name(), goldRow().get(f));
        }
        assertEquals(expected, value.get("lookup"));
        assertEquals("c-2", value.get("customer_id"));
        assertEquals(2, value.get("id"));
    }

    @Test
    void mergeModePutsEachFieldAtTheTopWithThePrefix() {
        stub.json("/customers/c-3", 200, "{\"tier\":\"silver\",\"visits\":7}");
        SinkRecord out = lookup("target.mode", "merge", "target.prefix", "customer_",
                "http.response.fields", "tier:/tier:string,visits:/visits:int32").apply(order(3, "c-3"));

        Struct value = (Struct) out.value();
        assertEquals(List.of("id", "customer_id", "customer_tier", "customer_visits"),
                out.valueSchema().fields().stream().map(org.apache.kafka.connect.data.Field::name).toList());
        assertEquals("silver", value.getString("customer_tier"));
        assertEquals(7, value.getInt32("customer_visits"));
        assertEquals(1, stub.hits("/customers/c-3"), "one request for all the merged fields");
    }

    @Test
    void aKeyOfSeveralFieldsFillsItsPlaceholdersInOrderWithTheirCanonicalText() {
        Schema line = SchemaBuilder.struct().field("region", Schema.STRING_SCHEMA)
                .field("number", Schema.INT64_SCHEMA).build();
        stub.json("/regions/eu/customers/77?view=full", 200, "{\"tier\":\"bronze\"}");
        Lookup<SinkRecord> t = lookup("key.fields", "region,number",
                "http.url", stub.base() + "/regions/${0}/customers/${1}?view=full",
                "http.response.fields", "tier:/tier:string");
        SinkRecord out = t.apply(new SinkRecord("t", 0, null, null, line,
                new Struct(line).put("region", "eu").put("number", 77L), 1));

        assertEquals("bronze", lookedUp(out).getString("tier"));
        assertEquals(1, stub.hits("/regions/eu/customers/77?view=full"));
    }

    // ------------------------------------------------------------------ the cache

    @Test
    void theSecondLookupOfAKeyIsServedByTheCache() {
        stub.json("/customers/c-4", 200, GOLD);
        stub.json("/customers/c-5", 200, "{\"tier\":\"silver\"}");
        Lookup<SinkRecord> t = lookup();

        assertEquals(goldRow(), lookedUp(t.apply(order(1, "c-4"))));
        assertEquals(goldRow(), lookedUp(t.apply(order(2, "c-4"))));
        Map<?, ?> schemaless = (Map<?, ?>) ((Map<?, ?>) t.apply(schemalessOrder(3, "c-4")).value()).get("lookup");
        assertEquals("gold", schemaless.get("tier"), "schemaless rows share the cached row");
        assertEquals(1, stub.hits("/customers/c-4"), "one request for the key, however many records");
        assertEquals("silver", lookedUp(t.apply(order(5, "c-5"))).getString("tier"));
        assertEquals(1, stub.hits("/customers/c-5"), "another key is asked for");
    }

    @Test
    void a404IsAMissWithANullTargetAndIsCachedForCacheMissingTtl() {
        Lookup<SinkRecord> t = lookup();
        SinkRecord out = t.apply(order(1, "c-absent"));

        assertNull(((Struct) out.value()).get("lookup"));
        assertEquals(COLUMNS, out.valueSchema().field("lookup").schema(), "a miss has the hit's schema");
        t.apply(order(2, "c-absent"));
        assertEquals(1, stub.hits("/customers/c-absent"), "the miss is cached (cache.missing.ttl.ms)");
    }

    @Test
    void aZeroCacheMissingTtlAsksForEveryMiss() {
        Lookup<SinkRecord> t = lookup("cache.missing.ttl.ms", "0");
        assertNull(lookedUp(t.apply(order(1, "c-gone"))));
        assertNull(lookedUp(t.apply(order(2, "c-gone"))));
        assertEquals(2, stub.hits("/customers/c-gone"));
    }

    @Test
    void failuresAreNeverCached() {
        stub.json("/customers/c-broken", 500, "{}");
        Lookup<SinkRecord> t = lookup();
        assertThrows(RetriableException.class, () -> t.apply(order(1, "c-broken")));
        assertThrows(RetriableException.class, () -> t.apply(order(2, "c-broken")));
        assertEquals(2, stub.hits("/customers/c-broken"));
    }

    // ------------------------------------------------------------------ requests

    @Test
    void keyPartsArePercentEncodedAsOnePathSegment() {
        String target = "/customers/a%2Fb%20c%20%C3%A9%E2%82%AC~x_y-z.w";
        stub.json(target, 200, "{\"tier\":\"encoded\"}");
        SinkRecord out = lookup().apply(order(1, "a/b c é€~x_y-z.w"));

        assertEquals("encoded", lookedUp(out).getString("tier"));
        assertEquals(1, stub.hits(target));
    }

    @Test
    void keyPartsArePercentEncodedAsOneQueryValue() {
        String target = "/search?email=ada%2Blist%40example.org%26admin%3D1%23top&limit=1";
        stub.json(target, 200, "{\"tier\":\"query\"}");
        SinkRecord out = lookup("http.url", stub.base() + "/search?email=${0}&limit=1")
                .apply(order(1, "ada+list@example.org&admin=1#top"));

        assertEquals("query", lookedUp(out).getString("tier"));
        assertEquals(1, stub.hits(target));
    }

    @Test
    void aDotSegmentKeyNeverWalksThePath() {
        stub.json("/customers/%2E%2E", 200, "{\"tier\":\"dots\"}");
        assertEquals("dots", lookedUp(lookup().apply(order(1, ".."))).getString("tier"));
        assertEquals(1, stub.hits("/customers/%2E%2E"));
    }

    @Test
    void anEmptyKeyPartIsAMissWithoutARequest() {
        stub.json("/customers/", 200, GOLD);
        assertNull(lookedUp(lookup().apply(order(1, ""))));
        assertEquals(0, stub.hits("/customers/"));
    }

    @Test
    void postSendsTheBodyWithTheKeyJsonStringEscaped() throws IOException {
        stub.json("/lookup", 200, "{\"result\":{\"tier\":\"posted\"}}");
        String key = "say \"hi\" \\ \n é";
        SinkRecord out = lookup("http.url", stub.base() + "/lookup", "http.method", "POST",
                "http.body", "{\"query\":{\"id\":\"${0}\",\"kind\":\"customer\"}}",
                "http.response.fields", "tier:/result/tier:string").apply(order(1, key));

        assertEquals("posted", lookedUp(out).getString("tier"));
        HttpStub.Request request = stub.requests("/lookup").get(0);
        assertEquals("POST", request.method());
        assertEquals("application/json", request.header("Content-Type"));
        JsonNode sent = new ObjectMapper().readTree(request.body());
        assertEquals(key, sent.at("/query/id").textValue());
        assertEquals("customer", sent.at("/query/kind").textValue());
    }

    @Test
    void bearerAuthAndConfiguredHeadersArrive() {
        stub.json("/customers/c-6", 200, GOLD);
        lookup("http.auth", "bearer", "http.auth.token", TOKEN, "http.headers", "X-Api-Key:" + API_KEY
                + ",Accept:application/vnd.shop+json").apply(order(1, "c-6"));

        HttpStub.Request request = stub.requests("/customers/c-6").get(0);
        assertEquals("Bearer " + TOKEN, request.header("Authorization"));
        assertEquals(API_KEY, request.header("X-Api-Key"));
        assertEquals(List.of("application/vnd.shop+json"), request.headers().get("Accept"),
                "a configured Accept replaces the default");
    }

    @Test
    void basicAuthHeaderArrives() {
        stub.json("/customers/c-7", 200, GOLD);
        lookup("http.auth", "basic", "http.auth.user", "enricher", "http.auth.password", PASSWORD)
                .apply(order(1, "c-7"));

        String expected = "Basic " + Base64.getEncoder().encodeToString(("enricher:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, stub.requests("/customers/c-7").get(0).header("Authorization"));
    }

    // ------------------------------------------------------------------ failures

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429, 408})
    void transientStatusesAreRetriable(int status) {
        String customer = "c-status-" + status;
        stub.json("/customers/" + customer, status, "{\"detail\":\"" + customer + "\"}");
        RetriableException e = assertThrows(RetriableException.class, () -> lookup().apply(order(1, customer)));

        assertTrue(e.getMessage().contains("HTTP status " + status), e.getMessage());
        assertNoneShown(e, customer, stub.base());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 410, 422})
    void otherStatusesAreDataErrors(int status) {
        String customer = "c-status-" + status;
        stub.json("/customers/" + customer, status, "{\"detail\":\"" + customer + "\"}");
        DataException e = assertThrows(DataException.class, () -> lookup("http.auth", "bearer",
                "http.auth.token", TOKEN).apply(order(1, customer)));

        assertTrue(e.getMessage().contains("HTTP status " + status), e.getMessage());
        assertNoneShown(e, customer, stub.base(), TOKEN);
    }

    @Test
    void redirectsAreNotFollowed() {
        stub.json("/customers/c-new", 200, GOLD);
        stub.answer("/customers/c-old", exchange -> {
            exchange.getResponseHeaders().set("Location", stub.base() + "/customers/c-new");
            HttpStub.send(exchange, 301, "application/json", "{}");
        });
        DataException e = assertThrows(DataException.class, () -> lookup().apply(order(1, "c-old")));

        assertTrue(e.getMessage().contains("HTTP status 301"), e.getMessage());
        assertEquals(0, stub.hits("/customers/c-new"), "the redirect was not followed");
    }

    @Test
    void anAnswerSlowerThanTheRequestTimeoutIsRetriable() {
        stub.slow("/customers/c-slow");
        RetriableException e = assertThrows(RetriableException.class,
                () -> lookup("http.request.timeout.ms", "200").apply(order(1, "c-slow")));

        assertTrue(e.getMessage().contains("http.request.timeout.ms"), e.getMessage());
        assertNoneShown(e, "c-slow", stub.base());
    }

    @Test
    void aRefusedConnectionIsRetriable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        RetriableException e = assertThrows(RetriableException.class,
                () -> lookup("http.url", "http://127.0.0.1:" + port + "/customers/${0}").apply(order(1, "c-8")));

        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
        assertNoneShown(e, "c-8", String.valueOf(port));
    }

    @Test
    void onErrorPassGivesTheRecordUnenrichedWithTheErrorHeader() {
        stub.json("/customers/c-9", 503, "{}");
        stub.json("/customers/c-10", 400, "{}");
        stub.json("/customers/c-11", 200, GOLD);
        Lookup<SinkRecord> t = lookup("on.error", "pass");

        SinkRecord outage = t.apply(order(1, "c-9"));
        assertNull(lookedUp(outage));
        assertEquals(RetriableException.class.getName(), errorHeader(outage));
        SinkRecord refused = t.apply(order(2, "c-10"));
        assertNull(lookedUp(refused));
        assertEquals(DataException.class.getName(), errorHeader(refused));
        SinkRecord hit = t.apply(order(3, "c-11"));
        assertEquals(goldRow(), lookedUp(hit));
        assertNull(errorHeader(hit), "a hit carries no error header");
    }

    @Test
    void aBodyThatIsNotJsonIsADataError() {
        stub.answer("/customers/c-12", exchange -> HttpStub.send(exchange, 200, "text/html",
                "<html>c-12 secret page</html>"));
        DataException e = assertThrows(DataException.class, () -> lookup().apply(order(1, "c-12")));

        assertTrue(e.getMessage().contains("HTTP status 200 with a body that is not JSON"), e.getMessage());
        assertNoneShown(e, "c-12", "secret page", "html");
    }

    @Test
    void anEmptyBodyIsADataError() {
        stub.json("/customers/c-13", 200, "");
        DataException e = assertThrows(DataException.class, () -> lookup().apply(order(1, "c-13")));
        assertTrue(e.getMessage().contains("empty body"), e.getMessage());
    }

    @Test
    void aFieldOfTheWrongTypeIsADataErrorNamingTheFieldAndType() {
        stub.json("/customers/c-14", 200, "{\"tier\":\"gold\",\"visits\":\"very-many-visits\"}");
        DataException e = assertThrows(DataException.class, () -> lookup().apply(order(1, "c-14")));

        assertTrue(e.getMessage().contains("'visits' at /visits is not a int32 value"), e.getMessage());
        assertNoneShown(e, "c-14", "very-many-visits", "gold");
        stub.json("/customers/c-15", 200, "{\"account\":{\"id\":{\"nested\":1}}}");
        DataException nested = assertThrows(DataException.class, () -> lookup().apply(order(1, "c-15")));
        assertTrue(nested.getMessage().contains("'account' at /account/id is a JSON object, not a int64 value"),
                nested.getMessage());
    }

    @Test
    void anAnswerOverTheSizeLimitIsADataError() {
        stub.json("/customers/c-16", 200, "{\"tier\":\"" + "x".repeat(4096) + "\"}");
        DataException e = assertThrows(DataException.class,
                () -> lookup("http.response.max.bytes", "1024").apply(order(1, "c-16")));
        assertTrue(e.getMessage().contains("larger than http.response.max.bytes (1024 bytes)"), e.getMessage());
    }

    /** No message of {@code e} or its causes holds any of {@code texts}. */
    static void assertNoneShown(Throwable e, String... texts) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            for (String text : texts) {
                assertFalse(String.valueOf(c.getMessage()).contains(text), "'" + text + "' shown: " + c);
            }
        }
    }
}
