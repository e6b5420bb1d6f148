/*
 * Over 400 lines because one HTTP client owns what every request needs: failover over several
 * URLs, retries with backoff, authentication, TLS, and the mapping of each registry's error answers
 * (Confluent's and Apicurio's differ); the endpoints themselves are short methods at the end.
 */
package io.cdckit.converters.registry;

import io.cdckit.converters.compat.CompatibilityLevel;
import io.cdckit.core.config.Validators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client for the Confluent Schema Registry REST API (Avro schemas), on the JDK's
 * {@link HttpClient} and Jackson. Works with Confluent's registry and with Apicurio's
 * Confluent-compatible API (base URL {@code http://host:port/apis/ccompat/v7}).
 *
 * <p><b>URLs and failover.</b> Several base URLs may be given. A request goes to the URL that
 * last answered; on a connection error, a timeout, HTTP 5xx or 429 it moves on to the next one.
 * When every URL failed, it waits (exponential backoff from {@code retryBackoff}, capped at
 * {@code maxRetryBackoff}) and tries them all again, up to {@code maxRetries} times; then it
 * throws {@link RegistryUnavailableException} (a {@code RetriableException}). A 4xx answer is final:
 * {@link RegistryException} with the HTTP status and the registry's {@code error_code}
 * ({@link IncompatibleSchemaException} for 409, {@link SchemaNotFoundException} for an unknown id).
 *
 * <p><b>Caches.</b> id &rarr; schema and (subject, schema) &rarr; id, both bounded by
 * {@code cacheCapacity}: a second {@link #getById}, {@link #register} or {@link #lookup} of the same
 * thing does not call the registry. Versions, latest and compatibility are never cached. The
 * (subject, schema) cache compares schemas with {@link Schema#equals}, which ignores docs: two
 * schemas differing only in docs share one id in this client.
 *
 * <p><b>Confluent / Apicurio differences handled.</b> An incompatible registration is 409 with
 * error_code 40901 (Confluent) or 409 (Apicurio): both give {@link IncompatibleSchemaException}.
 * {@link #compatibility(String)} asks {@code GET /config/{subject}?defaultToGlobal=true} and falls
 * back to {@code GET /config} on 40408 / 404 (Confluent without a subject setting); Apicurio
 * answers NONE for a subject without a setting, which is indistinguishable from an explicit NONE:
 * with {@link Builder#subjectNoneMeansUnset(boolean)} a subject NONE is taken as "unset" and the
 * global level is returned. The id {@link #register} returns is whatever the registry calls the
 * schema id (Apicurio: its content id), and is what {@link #getById} accepts.
 *
 * <p>Credentials (basic auth {@code user:password}, taken also from a URL's user-info, or a bearer
 * token) are sent as an {@code Authorization} header and never appear in messages.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

    /** The registry's content type. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistry.class);

    private final List<String> baseUrls;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final long retryBackoffMs;
    private final long maxRetryBackoffMs;
    private final boolean subjectNoneMeansUnset;
    private final AtomicInteger preferred = new AtomicInteger();
    private final Cache<Integer, Schema> schemasById;
    private final Cache<SubjectSchema, Integer> idsBySubjectSchema;

    private static final class SubjectSchema {
        final String subject;
        final Schema schema;
        final int hash;

        SubjectSchema(String subject, Schema schema) {
            this.subject = subject;
            this.schema = schema;
            this.hash = 31 * subject.hashCode() + schema.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SubjectSchema)) {
                return false;
            }
            SubjectSchema that = (SubjectSchema) o;
            return hash == that.hash && subject.equals(that.subject) && schema.equals(that.schema);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private RestSchemaRegistry(Builder b) {
        if (b.urls.isEmpty()) {
            throw new ConfigException("schema.registry.url", "", "at least one schema registry URL is required");
        }
        String problem = SchemaRegistries.urlProblem(b.urls, false);
        if (problem != null) {
            throw new ConfigException(SchemaRegistries.URL, String.join(",", SchemaRegistries.redactAll(b.urls)), problem);
        }
        List<String> urls = new ArrayList<>();
        String userInfo = null;
        for (String raw : b.urls) {
            URI uri = URI.create(raw.trim()); // checked above: http(s) with a host
            String scheme = uri.getScheme();
            if (uri.getRawUserInfo() != null && userInfo == null) {
                userInfo = uri.getUserInfo();
            }
            String s = scheme.toLowerCase() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            urls.add(s);
        }
        this.baseUrls = Collections.unmodifiableList(urls);
        if (b.bearerToken != null && b.basicUserInfo != null) {
            throw new ConfigException(SchemaRegistries.BEARER_TOKEN, Validators.HIDDEN, SchemaRegistries.BOTH_AUTHENTICATIONS);
        }
        if (b.bearerToken != null) {
            this.authorization = "Bearer " + b.bearerToken;
        } else {
            String basic = b.basicUserInfo != null ? b.basicUserInfo : userInfo;
            this.authorization = basic == null ? null
                    : "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
        }
        HttpClient.Builder hb = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1);
        if (b.sslContext != null) {
            hb.sslContext(b.sslContext);
        } else if (b.trustStorePath != null) {
            hb.sslContext(sslContext(b.trustStorePath, b.trustStorePassword, b.trustStoreType));
        }
        this.http = hb.build();
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBackoffMs = b.retryBackoff.toMillis();
        this.maxRetryBackoffMs = Math.max(b.maxRetryBackoff.toMillis(), retryBackoffMs);
        this.subjectNoneMeansUnset = b.subjectNoneMeansUnset;
        this.schemasById = Caffeine.newBuilder().maximumSize(b.cacheCapacity).executor(Runnable::run).build();
        this.idsBySubjectSchema = Caffeine.newBuilder().maximumSize(b.cacheCapacity).executor(Runnable::run).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URLs, without credentials. */
    public List<String> baseUrls() {
        return baseUrls;
    }

    // ---------------------------------------------------------------- API

    @Override
    public int register(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + encode(subject) + "/versions";
        JsonNode body = call("POST", path, schemaBody(schema), subject);
        int id = requireInt(body, "id", path, subject);
        idsBySubjectSchema.put(key, id);
        schemasById.asMap().putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        JsonNode body;
        try {
            body = call("GET", path, null, null);
        } catch (SchemaNotFoundException e) {
            throw e;
        } catch (RegistryException e) {
            if (e.status() == 404) {
                throw new SchemaNotFoundException(e.getMessage(), e.status(), e.errorCode(), path);
            }
            throw e;
        }
        checkSchemaType(body, path, null);
        Schema schema = parse(requireText(body, "schema", path, null), path, null);
        Schema prior = schemasById.asMap().putIfAbsent(id, schema);
        return prior != null ? prior : schema;
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        requireSubject(subject);
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.getIfPresent(key);
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        String path = "/subjects/" + encode(subject);
        JsonNode body;
        try {
            body = call("POST", path, schemaBody(schema), subject);
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return OptionalInt.empty();
            }
            throw e;
        }
        int id = requireInt(body, "id", path, subject);
        idsBySubjectSchema.put(key, id);
        schemasById.asMap().putIfAbsent(id, schema);
        return OptionalInt.of(id);
    }

    @Override
    public List<Integer> versions(String subject) {
        requireSubject(subject);
        String path = "/subjects/" + encode(subject) + "/versions";
        JsonNode body;
        try {
            body = call("GET", path, null, subject);
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Collections.emptyList();
            }
            throw e;
        }
        if (!body.isArray()) {
            throw unexpected(path, subject, "expected a JSON array of versions");
        }
        List<Integer> out = new ArrayList<>(body.size());
        for (JsonNode v : body) {
            out.add(v.asInt());
        }
        Collections.sort(out);
        return Collections.unmodifiableList(out);
    }

    @Override
    public SchemaVersion version(String subject, int version) {
        return fetchVersion(subject, Integer.toString(version));
    }

    @Override
    public SchemaVersion latest(String subject) {
        return fetchVersion(subject, "latest");
    }

    private SchemaVersion fetchVersion(String subject, String version) {
        requireSubject(subject);
        String path = "/subjects/" + encode(subject) + "/versions/" + version;
        JsonNode body;
        try {
            body = call("GET", path, null, subject);
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
        checkSchemaType(body, path, subject);
        int id = requireInt(body, "id", path, subject);
        int v = requireInt(body, "version", path, subject);
        Schema schema = schemasById.getIfPresent(id);
        if (schema == null) {
            schema = parse(requireText(body, "schema", path, subject), path, subject);
            Schema prior = schemasById.asMap().putIfAbsent(id, schema);
            schema = prior != null ? prior : schema;
        }
        JsonNode s = body.get("subject");
        return new SchemaVersion(s != null && s.isTextual() ? s.asText() : subject, v, id, schema);
    }

    @Override
    public String compatibility(String subject) {
        if (subject == null) {
            return globalCompatibility();
        }
        String path = "/config/" + encode(subject) + "?defaultToGlobal=true";
        JsonNode body;
        try {
            body = call("GET", path, null, subject);
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return globalCompatibility();
            }
            throw e;
        }
        String level = level(body);
        if (level == null || (subjectNoneMeansUnset && NONE.equals(level))) {
            return globalCompatibility();
        }
        return level;
    }

    private String globalCompatibility() {
        String path = "/config";
        try {
            return level(call("GET", path, null, null));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, String level) {
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        String l;
        try {
            l = CompatibilityLevel.parse(Objects.requireNonNull(level, "level")).name();
        } catch (IllegalArgumentException e) {
            throw new RegistryException(e.getMessage() + " (PUT " + path + ")", -1,
                    RegistryException.INVALID_COMPATIBILITY_LEVEL, path, subject);
        }
        ObjectNode body = MAPPER.createObjectNode().put("compatibility", l);
        call("PUT", path, body.toString(), subject);
    }

    /** Drops the caches. The JDK 17 HttpClient holds no resources that need closing. */
    @Override
    public void close() {
        schemasById.invalidateAll();
        idsBySubjectSchema.invalidateAll();
    }

    @Override
    public String toString() {
        return "RestSchemaRegistry" + baseUrls;
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * Sends one request with failover and retries. Returns the parsed body of a 2xx answer;
     * throws RegistryException for 4xx and RegistryUnavailableException when nothing answered.
     */
    private JsonNode call(String method, String path, String body, String subject) {
        int urls = baseUrls.size();
        int lastStatus = -1;
        Throwable lastCause = null;
        String lastProblem = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                sleep(backoff(attempt));
            }
            int start = preferred.get();
            for (int i = 0; i < urls; i++) {
                int index = (start + i) % urls;
                String base = baseUrls.get(index);
                HttpResponse<String> response;
                try {
                    response = http.send(request(method, base + path, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    lastCause = e;
                    lastStatus = -1;
                    lastProblem = base + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException("Interrupted during schema registry request " + method + " " + path
                            + subjectPart(subject), -1, path, e);
                }
                int status = response.statusCode();
                if (status >= 500 || status == 429) {
                    lastStatus = status;
                    lastCause = null;
                    lastProblem = base + ": HTTP " + status + errorPart(response.body());
                    continue;
                }
                if (index != start) {
                    LOG.warn("Schema registry {} failed ({}); using {} from now on", redact(baseUrls.get(start)),
                            lastProblem == null ? "no answer" : lastProblem, base);
                }
                preferred.set(index);
                if (status >= 200 && status < 300) {
                    return parseBody(response.body(), method, path, subject);
                }
                throw clientError(method, path, subject, base, status, response.body());
            }
        }
        throw new RegistryUnavailableException("Schema registry unavailable for " + method + " " + path + subjectPart(subject)
                + " after " + (maxRetries + 1) + " round(s) over " + urls + " URL(s); last: " + lastProblem,
                lastStatus, path, lastCause);
    }

    private HttpRequest request(String method, String url, String body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        if (body != null) {
            rb.header("Content-Type", CONTENT_TYPE);
            rb.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return rb.build();
    }

    private long backoff(int attempt) {
        long ms = retryBackoffMs;
        for (int i = 1; i < attempt && ms < maxRetryBackoffMs; i++) {
            ms *= 2;
        }
        return Math.min(ms, maxRetryBackoffMs);
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("Interrupted while waiting to retry a schema registry request", -1, null, e);
        }
    }

    private static RegistryException clientError(String method, String path, String subject, String base, int status, String body) {
        int errorCode = -1;
        String message = null;
        try {
            JsonNode node = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                JsonNode ec = node.get("error_code");
                if (ec != null && ec.canConvertToInt()) {
                    errorCode = ec.asInt();
                }
                JsonNode m = node.get("message");
                if (m != null && !m.isNull()) {
                    message = m.asText();
                }
            }
        } catch (IOException ignored) {
            // not JSON: no error_code
        }
        String text = "Schema registry request " + method + " " + path + subjectPart(subject) + " failed at " + base
                + ": HTTP " + status + (errorCode >= 0 ? ", error_code " + errorCode : "")
                + (message != null ? ": " + message : "");
        boolean incompatible = status == 409 && (errorCode == RegistryException.INCOMPATIBLE_SCHEMA || errorCode == 409 || errorCode < 0);
        if (incompatible) {
            return new IncompatibleSchemaException(text, status, errorCode, path, subject);
        }
        return new RegistryException(text, status, errorCode, path, subject);
    }

    private static String errorPart(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return body.length() > 200 ? " " + body.substring(0, 200) + "..." : " " + body;
    }

    private static String subjectPart(String subject) {
        return subject == null ? "" : " (subject '" + subject + "')";
    }

    private static JsonNode parseBody(String body, String method, String path, String subject) {
        try {
            return MAPPER.readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            throw new RegistryException("Schema registry answered " + method + " " + path + subjectPart(subject)
                    + " with a body that is not JSON", 200, -1, path, subject, e);
        }
    }

    private static String schemaBody(Schema schema) {
        return MAPPER.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String level(JsonNode body) {
        JsonNode n = body.get("compatibilityLevel");
        if (n == null || n.isNull()) {
            n = body.get("compatibility");
        }
        return n == null || n.isNull() ? null : n.asText();
    }

    private static int requireInt(JsonNode body, String field, String path, String subject) {
        JsonNode n = body.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw unexpected(path, subject, "missing integer field '" + field + "'");
        }
        return n.asInt();
    }

    private static String requireText(JsonNode body, String field, String path, String subject) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw unexpected(path, subject, "missing text field '" + field + "'");
        }
        return n.asText();
    }

    private static void checkSchemaType(JsonNode body, String path, String subject) {
        JsonNode t = body.get("schemaType");
        if (t != null && t.isTextual() && !t.asText().equalsIgnoreCase("AVRO")) {
            throw new RegistryException("Schema at " + path + subjectPart(subject) + " is of type " + t.asText()
                    + ", not AVRO", 200, -1, path, subject);
        }
    }

    private static Schema parse(String text, String path, String subject) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new RegistryException("Schema registry returned a schema that is not valid Avro for " + path
                    + subjectPart(subject) + ": " + e.getMessage(), 200, -1, path, subject, e);
        }
    }

    private static RegistryException unexpected(String path, String subject, String what) {
        return new RegistryException("Unexpected schema registry answer for " + path + subjectPart(subject) + ": " + what,
                200, -1, path, subject);
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be null or empty");
        }
    }

    /** The URL with any user-info removed, for messages. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceFirst("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?)[^/]*@", "$1");
    }

    private static SSLContext sslContext(String path, String password, String type) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore ks = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
            ks.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("schema.registry.ssl.truststore.location", path,
                    "cannot load the trust store (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    // ---------------------------------------------------------------- builder

    /** Options of a {@link RestSchemaRegistry}; every setter has a default except the URLs. */
    public static final class Builder {
        private final List<String> urls = new ArrayList<>();
        private String basicUserInfo;
        private String bearerToken;
        private String trustStorePath;
        private String trustStorePassword;
        private String trustStoreType;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(200);
        private Duration maxRetryBackoff = Duration.ofSeconds(5);
        private int cacheCapacity = 1000;
        private boolean subjectNoneMeansUnset;

        private Builder() {
        }

        /** Adds a base URL, e.g. {@code http://registry:8081} or {@code http://apicurio:8080/apis/ccompat/v7}. */
        public Builder url(String url) {
            urls.add(Objects.requireNonNull(url, "url"));
            return this;
        }

        /** Adds base URLs, tried in this order. */
        public Builder urls(List<String> urls) {
            for (String u : urls) {
                url(u);
            }
            return this;
        }

        /** Basic auth credentials as {@code user:password}. */
        public Builder basicAuth(String userInfo) {
            this.basicUserInfo = userInfo;
            return this;
        }

        public Builder basicAuth(String user, String password) {
            return basicAuth(user + ":" + password);
        }

        /** A bearer token sent as {@code Authorization: Bearer <token>}. */
        public Builder bearerToken(String token) {
            this.bearerToken = token;
            return this;
        }

        /** A trust store for https URLs; {@code type} null means the JVM's default type (PKCS12). */
        public Builder trustStore(String path, String password, String type) {
            this.trustStorePath = path;
            this.trustStorePassword = password;
            this.trustStoreType = type;
            return this;
        }

        /** An SSL context to use instead of a trust store. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Extra rounds over all URLs after the first one failed everywhere (default 3; 0 = none). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** First wait before a retry round (default 200 ms), doubled each round up to {@code max} (default 5 s). */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryBackoff = Objects.requireNonNull(initial, "initial");
            this.maxRetryBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /** Bound of each cache (default 1000). */
        public Builder cacheCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("cacheCapacity must be >= 1, was " + capacity);
            }
            this.cacheCapacity = capacity;
            return this;
        }

        /**
         * Treat a subject-level NONE as "no subject setting" and return the global level instead
         * (Apicurio answers NONE for subjects without a setting). Default false.
         */
        public Builder subjectNoneMeansUnset(boolean value) {
            this.subjectNoneMeansUnset = value;
            return this;
        }

        public RestSchemaRegistry build() {
            return new RestSchemaRegistry(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
