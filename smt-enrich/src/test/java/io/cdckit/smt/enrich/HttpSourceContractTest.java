package io.cdckit.smt.enrich;

import io.cdckit.testkit.TransformContract;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transform contract ({@link TransformContract}) of Lookup with {@code source=http}, against a
 * real loopback server: the configuration validates and each wrong value is refused on its key,
 * the token and the headers never show, inputs are never modified, concurrent lookups agree, rows
 * the service refuses fail without their values in any message.
 */
class HttpSourceContractTest extends TransformContract {

    static final Schema ORDER = SchemaBuilder.struct().name("shop.order")
            .field("id", Schema.INT32_SCHEMA)
            .field("customer_id", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static HttpStub stub;

    @BeforeAll
    static void startServer() throws IOException {
        stub = HttpStub.start()
                .json("/customers/ada", 200, "{\"tier\":\"gold\",\"credit\":12.5}")
                .json("/customers/grace", 200, "{\"tier\":\"silver\"}")
                .json("/customers/refused-customer-4711", 422, "{\"error\":\"refused-customer-4711\"}")
                .json("/customers/odd-customer-0815", 200, "{\"tier\":\"gold\",\"credit\":\"odd-credit-0815\"}");
    }

    @AfterAll
    static void stopServer() {
        stub.close();
    }

    @Override
    protected Transformation<SinkRecord> newTransform() {
        return new Lookup.Value<>();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of(
                "key.fields", "customer_id",
                "source", "http",
                "http.url", stub.base() + "/customers/${0}",
                "http.auth", "bearer",
                "http.auth.token", "contract-bearer-token",
                "http.headers", "X-Api-Key:contract-header-value",
                "http.response.fields", "tier:/tier:string,credit:/credit:decimal(2)");
    }

    private static SinkRecord order(int id, String customer, long offset) {
        return new SinkRecord("shop.orders", 0, null, null, ORDER, new Struct(ORDER).put("id", id)
                .put("customer_id", customer), offset);
    }

    private static SinkRecord schemaless(int id, String customer, long offset) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("customer_id", customer);
        return new SinkRecord("shop.orders", 0, null, null, null, value, offset);
    }

    @Override
    protected List<SinkRecord> records() {
        return List.of(order(1, "ada", 1), order(2, "grace", 2), order(3, "nobody", 3), order(4, null, 4),
                schemaless(5, "ada", 5), schemaless(6, "nobody", 6));
    }

    @Override
    protected List<SinkRecord> badRecords() {
        return List.of(order(7, "refused-customer-4711", 7), schemaless(8, "odd-customer-0815", 8));
    }

    @Override
    protected Map<String, String> badConfigs() {
        return Map.of(
                "http.url", "ftp://files.example/${0}",
                "http.method", "PUT",
                "http.body", "{\"id\":\"${0}\"}",
                "http.headers", "Content-Length:12",
                "http.auth", "digest",
                "http.response.fields", "tier:tier:string",
                "http.request.timeout.ms", "0");
    }
}
