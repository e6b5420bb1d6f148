package io.cdckit.converters.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdckit.testkit.registry.ApicurioRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Talks to a real Apicurio Registry 3.0.9 through its Confluent-compatible REST API, and pins down the answers
 * that differ from Confluent's registry:
 * <ul>
 *   <li>an incompatible registration answers HTTP 409 with {@code error_code} 409 (Confluent: 40901) and a
 *       message naming the rule violation;</li>
 *   <li>{@code GET /config} answers {@code {"compatibilityLevel":"NONE"}} even when the registry enforces
 *       BACKWARD through {@code apicurio.rules.global.compatibility}; after {@code PUT /config} it reports the
 *       stored level;</li>
 *   <li>{@code GET /config/{subject}} for an existing subject with no subject-level setting answers NONE
 *       (Confluent: 404/40408); for an unknown subject 404 with {@code error_code} 40401;</li>
 *   <li>an unknown schema id answers 404 with {@code error_code} 40403, like Confluent.</li>
 * </ul>
 */
class ApicurioRegistryIT {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String V1 = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"io.cdckit.it\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"}]}";
    /** Adds a field without a default: readers of V2 cannot read V1 data, so BACKWARD rejects it. */
    private static final String V2_INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"io.cdckit.it\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":\"string\"}]}";
    /** Adds a field with a default: BACKWARD compatible. */
    private static final String V2_COMPATIBLE = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"io.cdckit.it\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    private static ApicurioRegistry registry;
    private static HttpClient http;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.builder().backwardCompatibility().start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("Apicurio Registry ready at %s after %d ms (pid %d, RSS %s)%n",
                registry.ccompatUrl(), registry.startupTime().toMillis(), registry.pid(), rss(registry.pid()));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            long pid = registry.pid();
            System.out.printf("Apicurio Registry RSS before stop: %s%n", rss(pid));
            registry.close();
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "registry process still alive");
        }
    }

    @Test
    void registersFetchesAndRejectsBackwardIncompatibleVersion() throws Exception {
        String subject = "customers-value";

        Answer first = post("/subjects/" + subject + "/versions", schemaBody(V1));
        assertEquals(200, first.status, first.body());
        int id = first.json.get("id").asInt();
        assertTrue(id > 0, first.body());

        // registering the same schema again is idempotent and returns the same id
        Answer again = post("/subjects/" + subject + "/versions", schemaBody(V1));
        assertEquals(200, again.status, again.body());
        assertEquals(id, again.json.get("id").asInt());

        Answer fetched = get("/schemas/ids/" + id);
        assertEquals(200, fetched.status, fetched.body());
        assertEquals(new Schema.Parser().parse(V1), new Schema.Parser().parse(fetched.json.get("schema").asText()));
        assertEquals("AVRO", fetched.json.path("schemaType").asText("AVRO"));

        Answer rejected = post("/subjects/" + subject + "/versions", schemaBody(V2_INCOMPATIBLE));
        assertEquals(409, rejected.status, rejected.body());
        // Apicurio answers error_code 409; Confluent's registry answers 40901
        assertEquals(409, rejected.json.get("error_code").asInt(), rejected.body());
        String message = rejected.json.get("message").asText();
        assertTrue(message.contains("RuleViolationException") || message.contains("Incompatible"), message);
        System.out.println("Incompatible registration: HTTP " + rejected.status + " " + rejected.body());

        // the compatibility endpoint agrees
        Answer check = post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V2_INCOMPATIBLE));
        assertEquals(200, check.status, check.body());
        assertEquals(false, check.json.get("is_compatible").asBoolean());

        Answer accepted = post("/subjects/" + subject + "/versions", schemaBody(V2_COMPATIBLE));
        assertEquals(200, accepted.status, accepted.body());
        assertTrue(accepted.json.get("id").asInt() != id, accepted.body());

        Answer versions = get("/subjects/" + subject + "/versions");
        assertEquals(200, versions.status, versions.body());
        assertEquals("[1,2]", versions.json.toString());

        Answer latest = get("/subjects/" + subject + "/versions/latest");
        assertEquals(200, latest.status, latest.body());
        assertEquals(2, latest.json.get("version").asInt());
        assertEquals(subject, latest.json.get("subject").asText());
    }

    @Test
    void unknownIdAnswers40403() throws Exception {
        Answer missing = get("/schemas/ids/987654");
        assertEquals(404, missing.status, missing.body());
        assertEquals(40403, missing.json.get("error_code").asInt(), missing.body());
    }

    @Test
    void globalConfig() throws Exception {
        // The BACKWARD default rule given by -Dapicurio.rules.global.compatibility is enforced (see above) but
        // not reported: Apicurio 3.0.9 answers NONE until the global level is stored through PUT /config.
        Answer initial = get("/config");
        assertEquals(200, initial.status, initial.body());
        System.out.println("GET /config before PUT: " + initial.body());
        assertEquals("NONE", initial.json.get("compatibilityLevel").asText(), initial.body());

        Answer put = put("/config", "{\"compatibility\":\"BACKWARD\"}");
        assertEquals(200, put.status, put.body());
        assertEquals("BACKWARD", put.json.get("compatibility") != null
                ? put.json.get("compatibility").asText() : put.json.get("compatibilityLevel").asText(), put.body());

        Answer after = get("/config");
        assertEquals(200, after.status, after.body());
        System.out.println("GET /config after PUT: " + after.body());
        assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", after.json.toString());

        // an existing subject with no subject-level setting: Apicurio answers NONE (Confluent: 404 / 40408)
        assertEquals(200, post("/subjects/config-probe-value/versions", schemaBody(V1)).status);
        Answer subject = get("/config/config-probe-value");
        System.out.println("GET /config/{subject} without a subject setting: HTTP " + subject.status + " " + subject.body());
        assertEquals(200, subject.status, subject.body());
        assertEquals("NONE", subject.json.get("compatibilityLevel").asText(), subject.body());

        // an unknown subject: 404 with error_code 40401 (subject not found)
        Answer unknown = get("/config/nobody-value");
        System.out.println("GET /config/{unknown subject}: HTTP " + unknown.status + " " + unknown.body());
        assertEquals(404, unknown.status, unknown.body());
        assertEquals(40401, unknown.json.get("error_code").asInt(), unknown.body());
    }

    private static String schemaBody(String avro) throws IOException {
        return JSON.writeValueAsString(JSON.createObjectNode().put("schema", avro));
    }

    private static Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    private static Answer post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Answer put(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                .header("Accept", CONTENT_TYPE + ", application/json")
                .timeout(Duration.ofSeconds(30));
    }

    private static Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonNode json = body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        return new Answer(response.statusCode(), json);
    }

    private static String rss(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.substring("VmRSS:".length()).trim()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private record Answer(int status, JsonNode json) {
        String body() {
            return json.toString();
        }
    }
}
