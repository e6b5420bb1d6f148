package io.cdckit.converters.avro;

import io.cdckit.converters.registry.FakeRegistryServer;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * While the registry is unreachable, records whose schemas are cached keep flowing in both
 * directions, and the others fail with a RetriableException (Connect retries them instead of
 * dropping them or failing the task for good).
 */
class AvroConverterOutageTest {

    @Test
    void cachedSchemasKeepFlowingAndTheRestIsRetriable() throws Exception {
        FakeRegistryServer server = new FakeRegistryServer(false);
        AvroConverter c = new AvroConverter();
        c.configure(Map.of("schema.registry.url", server.url(), "max.retries", "1", "retries.wait.ms", "10",
                "http.connect.timeout.ms", "500", "http.read.timeout.ms", "1000"), false);
        byte[] written = c.fromConnectData("orders", OrderSchemas.V1, OrderSchemas.v1(1));
        assertEquals(OrderSchemas.v1(1), c.toConnectData("orders", written).value());

        server.close(); // the registry goes away

        byte[] again = c.fromConnectData("orders", OrderSchemas.V1, OrderSchemas.v1(2));
        SchemaAndValue back = c.toConnectData("orders", again);
        assertEquals(OrderSchemas.v1(2), back.value(), "cached schema: no registry call needed");

        Struct v2 = new Struct(OrderSchemas.V2).put("id", 3L).put("amount", new BigDecimal("1.00"));
        assertThrows(RetriableException.class, () -> c.fromConnectData("orders", OrderSchemas.V2, v2),
                "a new schema needs the registry: retriable");
        byte[] unknownId = written.clone();
        unknownId[4] = 42;
        assertThrows(RetriableException.class, () -> c.toConnectData("orders", unknownId),
                "a schema id not seen before needs the registry: retriable");
        c.close();
    }
}
