package io.cdckit.converters.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small imitation of the Confluent Schema Registry REST API (or, with {@code apicurio}, of
 * Apicurio's ccompat v7 API) on the JDK's HttpServer, bound to 127.0.0.1. Storage and
 * compatibility checks come from an {@link InMemorySchemaRegistry}.
 */
public final class FakeRegistryServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final boolean apicurio;
    final String basePath;
    final HttpServer server;
    final InMemorySchemaRegistry store = new InMemorySchemaRegistry();
    final Map<String, String> subjectLevels = new ConcurrentHashMap<>();
    volatile String globalLevel;
    /** Answer this many requests with 503 before serving normally. */
    final AtomicInteger failNext = new AtomicInteger();
    /** Expected Authorization header, or null for none required. */
    public volatile String requiredAuthorization;
    final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();

    public FakeRegistryServer(boolean apicurio) throws IOException {
        this.apicurio = apicurio;
        this.basePath = apicurio ? "/apis/ccompat/v7" : "";
        store.setCompatibility(null, null); // the levels are this server's (below), not the store's default
        if (apicurio) {
            globalLevel = "NONE";
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    /** Answers the next {@code n} requests, whatever they are, with 503 (the registry is down). */
    public void failNextRequests(int n) {
        failNext.set(n);
    }

    /** How many requests so far began with {@code methodAndPathPrefix}, e.g. {@code "GET /schemas/ids/"}. */
    public int requestCount(String methodAndPathPrefix) {
        return count(methodAndPathPrefix);
    }

    /** Set to answer 40408 for a subject without a setting even with defaultToGlobal=true. */
    volatile boolean ignoreDefaultToGlobal;

    int exact(String methodAndPath) {
        int n = 0;
        for (String r : requests) {
            if (r.equals(methodAndPath)) {
                n++;
            }
        }
        return n;
    }

    int count(String methodAndPathPrefix) {
        int n = 0;
        for (String r : requests) {
            if (r.startsWith(methodAndPathPrefix)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            requests.add(method + " " + rawPath + (query == null ? "" : "?" + query));
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            contentTypes.add(String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
            byte[] in = ex.getRequestBody().readAllBytes();
            if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                send(ex, 503, error(50301, "Service unavailable"));
                return;
            }
            String req = requiredAuthorization;
            if (req != null && !req.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error(401, "Unauthorized"));
                return;
            }
            if (!rawPath.startsWith(basePath + "/")) {
                send(ex, 404, error(404, "HTTP 404 Not Found"));
                return;
            }
            String[] p = rawPath.substring(basePath.length() + 1).split("/");
            for (int i = 0; i < p.length; i++) {
                p[i] = URLDecoder.decode(p[i], StandardCharsets.UTF_8);
            }
            JsonNode body = in.length == 0 ? null : MAPPER.readTree(in);
            route(ex, method, p, query, body);
        } catch (RuntimeException e) {
            send(ex, 500, error(50001, "Error in the backend: " + e));
        }
    }

    private void route(HttpExchange ex, String method, String[] p, String query, JsonNode body) throws IOException {
        if (p[0].equals("subjects") && p.length == 3 && p[2].equals("versions") && method.equals("POST")) {
            Schema schema;
            try {
                schema = new Schema.Parser().parse(body.get("schema").asText());
            } catch (RuntimeException e) {
                send(ex, 422, error(42201, "Invalid schema"));
                return;
            }
            String level = subjectLevels.getOrDefault(p[1], globalLevel);
            store.setCompatibility(p[1], level);
            try {
                int id = store.register(p[1], schema);
                send(ex, 200, MAPPER.createObjectNode().put("id", id));
            } catch (IncompatibleSchemaException e) {
                send(ex, 409, error(apicurio ? 409 : 40901, "Schema being registered is incompatible with an earlier schema"));
            }
        } else if (p[0].equals("schemas") && p.length == 3 && p[1].equals("ids") && method.equals("GET")) {
            try {
                Schema s = store.getById(Integer.parseInt(p[2]));
                send(ex, 200, MAPPER.createObjectNode().put("schema", s.toString()));
            } catch (SchemaNotFoundException e) {
                send(ex, 404, error(40403, "Schema " + p[2] + " not found"));
            }
        } else if (p[0].equals("subjects") && p.length == 2 && method.equals("POST")) {
            if (store.versions(p[1]).isEmpty()) {
                send(ex, 404, error(40401, "Subject '" + p[1] + "' not found."));
                return;
            }
            Schema schema = new Schema.Parser().parse(body.get("schema").asText());
            OptionalInt id = store.lookup(p[1], schema);
            if (id.isEmpty()) {
                send(ex, 404, error(40403, "Schema not found"));
                return;
            }
            for (int v : store.versions(p[1])) {
                SchemaVersion sv = store.version(p[1], v);
                if (sv.id() == id.getAsInt()) {
                    send(ex, 200, versionJson(sv));
                    return;
                }
            }
        } else if (p[0].equals("subjects") && p.length == 3 && p[2].equals("versions") && method.equals("GET")) {
            List<Integer> versions = store.versions(p[1]);
            if (versions.isEmpty()) {
                send(ex, 404, error(40401, "Subject '" + p[1] + "' not found."));
                return;
            }
            ArrayNode arr = MAPPER.createArrayNode();
            versions.forEach(arr::add);
            send(ex, 200, arr);
        } else if (p[0].equals("subjects") && p.length == 4 && p[2].equals("versions") && method.equals("GET")) {
            if (store.versions(p[1]).isEmpty()) {
                send(ex, 404, error(40401, "Subject '" + p[1] + "' not found."));
                return;
            }
            SchemaVersion sv = p[3].equals("latest") ? store.latest(p[1]) : store.version(p[1], Integer.parseInt(p[3]));
            if (sv == null) {
                send(ex, 404, error(40402, "Version " + p[3] + " not found."));
                return;
            }
            send(ex, 200, versionJson(sv));
        } else if (p[0].equals("config") && method.equals("GET")) {
            if (p.length == 1) {
                if (globalLevel == null) {
                    send(ex, 404, error(40408, "Global compatibility not configured"));
                } else {
                    send(ex, 200, MAPPER.createObjectNode().put("compatibilityLevel", globalLevel));
                }
                return;
            }
            String level = subjectLevels.get(p[1]);
            if (level == null && apicurio) {
                level = "NONE";
            }
            if (level == null && !ignoreDefaultToGlobal && query != null && query.contains("defaultToGlobal=true")) {
                level = globalLevel;
            }
            if (level == null) {
                send(ex, 404, error(40408, "Subject '" + p[1] + "' does not have subject-level compatibility configured"));
                return;
            }
            send(ex, 200, MAPPER.createObjectNode().put("compatibilityLevel", level));
        } else if (p[0].equals("config") && method.equals("PUT")) {
            String level = body.get("compatibility").asText();
            if (p.length == 1) {
                globalLevel = level;
            } else {
                subjectLevels.put(p[1], level);
            }
            send(ex, 200, MAPPER.createObjectNode().put("compatibility", level));
        } else {
            send(ex, 404, error(404, "HTTP 404 Not Found"));
        }
    }

    private static ObjectNode versionJson(SchemaVersion sv) {
        return MAPPER.createObjectNode().put("subject", sv.subject()).put("version", sv.version())
                .put("id", sv.id()).put("schema", sv.schema().toString());
    }

    private static ObjectNode error(int code, String message) {
        return MAPPER.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", RestSchemaRegistry.CONTENT_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
