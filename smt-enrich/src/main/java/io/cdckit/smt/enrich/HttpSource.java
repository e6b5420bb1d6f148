package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;
import io.cdckit.core.record.WithheldException;
import io.cdckit.core.template.Template;
import io.cdckit.smt.enrich.HttpConfig.Auth;
import io.cdckit.smt.enrich.HttpConfig.Method;
import io.cdckit.smt.enrich.HttpConfig.ResponseField;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code http} source: one request per key to a JSON service through the JDK's
 * {@code HttpClient}, with the key's parts in the URL ({@code https://api.example/customers/${0}},
 * each part percent-encoded) or, for POST, in a JSON body (each part JSON-string-escaped). A part is
 * its canonical text ({@link KeyText}: an int 7 is {@code 7}, a date its ISO-8601 instant); a key
 * with an empty part is a miss without a request. The columns are the declared
 * {@code http.response.fields}, picked from the answer by JSON pointer and typed
 * ({@link ColumnType}), so they are known at {@code configure()}.
 *
 * <p>Answers: 2xx with a JSON body is the row (a pointer the body lacks gives null); 404 is a miss;
 * 408, 429, 5xx, timeouts and connection failures are transient ({@code RetriableException}); any
 * other status (redirects are not followed, so that credentials never go to another address), a body
 * that is not JSON or does not fit a declared type, and a body over {@code http.response.max.bytes}
 * are permanent ({@code DataException}). Messages name the status, the field and its type, never the
 * URL as sent (it holds the key), a header value, a secret or the body.
 */
final class HttpSource implements LookupSource {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final byte[] NO_BODY = new byte[0];

    private final ExecutorService executor;
    private final HttpClient client;
    private final Template.Renderer<String[]> url;
    /** The POST body's renderer; null for GET. */
    private final Template.Renderer<String[]> body;
    /** Header names and values, alternating: the configured ones, Accept, Content-Type and the auth. */
    private final String[] headers;
    private final Duration requestTimeout;
    private final int maxBytes;
    private final List<ResponseField> fields;
    private final Schema columns;
    private final Method method;
    private final Auth auth;

    private HttpSource(SourceContext context) {
        TransformConfig config = context.config();
        this.method = config.getEnum(HttpConfig.METHOD, Method.class);
        this.auth = config.getEnum(HttpConfig.AUTH, Auth.class);
        this.url = keyPartRenderer(config.getTemplate(HttpConfig.URL));
        this.body = method == Method.POST ? keyPartRenderer(Template.parse(bodyText(config))) : null;
        this.headers = headers(config);
        this.requestTimeout = Duration.ofMillis(config.getLong(HttpConfig.REQUEST_TIMEOUT_MS));
        this.maxBytes = config.getInt(HttpConfig.RESPONSE_MAX_BYTES);
        this.fields = HttpConfig.responseFields(config.getList(HttpConfig.RESPONSE_FIELDS));
        SchemaBuilder struct = SchemaBuilder.struct().name(context.schemaName()).optional();
        for (ResponseField f : fields) {
            struct.field(f.name(), f.type().schema());
        }
        this.columns = struct.build();
        AtomicInteger threads = new AtomicInteger();
        String threadName = "cdckit-lookup-http" + context.name().replaceAll("[^A-Za-z0-9_.-]+", "-") + "-";
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        boolean tls = config.getString(HttpConfig.URL).trim().regionMatches(true, 0, "https:", 0, 6);
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(Duration.ofMillis(config.getLong(HttpConfig.CONNECT_TIMEOUT_MS)))
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 where TLS negotiates it; plain HTTP without an h2c upgrade, which some servers refuse
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    static void declare(ConfigKeys keys) {
        HttpConfig.declare(keys);
    }

    static LookupSource open(SourceContext context) {
        return new HttpSource(context);
    }

    private static String bodyText(TransformConfig config) {
        String text = config.getString(HttpConfig.BODY);
        return text == null ? "" : text;
    }

    /** A template bound to the key's parts, as texts already escaped for where they go. */
    private static Template.Renderer<String[]> keyPartRenderer(Template template) {
        return template.bind(p -> {
            int index = Integer.parseInt(p.name()); // the key's validator and rules checked it
            return (String[] parts) -> parts[index];
        });
    }

    private static String[] headers(TransformConfig config) {
        List<String> h = new ArrayList<>(HttpConfig.headers(config.getList(HttpConfig.HEADERS)));
        if (!has(h, "Accept")) {
            h.add("Accept");
            h.add("application/json");
        }
        if (config.getEnum(HttpConfig.METHOD, Method.class) == Method.POST && !has(h, "Content-Type")) {
            h.add("Content-Type");
            h.add("application/json");
        }
        switch (config.getEnum(HttpConfig.AUTH, Auth.class)) {
            case BEARER -> {
                h.add("Authorization");
                h.add("Bearer " + config.getPassword(HttpConfig.AUTH_TOKEN).value().trim());
            }
            case BASIC -> {
                Password password = config.getPassword(HttpConfig.AUTH_PASSWORD);
                String pair = config.getString(HttpConfig.AUTH_USER).trim() + ":" + password.value();
                h.add("Authorization");
                h.add("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            case NONE -> {
            }
        }
        return h.toArray(new String[0]);
    }

    private static boolean has(List<String> namesAndValues, String name) {
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Schema columns() {
        return columns;
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public LookupRow lookup(List<Object> key) {
        String[] inUrl = new String[key.size()];
        String[] inBody = body == null ? null : new String[key.size()];
        for (int i = 0; i < inUrl.length; i++) {
            String text = KeyText.of(key.get(i));
            if (text.isEmpty()) {
                return null; // an empty path segment or value names no row
            }
            inUrl[i] = percentEncoded(text);
            if (inBody != null) {
                inBody[i] = new String(JsonStringEncoder.getInstance().quoteAsString(text));
            }
        }
        URI uri;
        try {
            uri = URI.create(url.render(inUrl));
        } catch (IllegalArgumentException e) {
            throw new DataException("the lookup service's URL (" + HttpConfig.URL + ") is not valid for the key");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (body == null) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofString(body.render(inBody), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response = send(request.build());
        return answer(response.statusCode(), response.body());
    }

    /**
     * The text of one key part in the URL: its UTF-8 bytes percent-encoded but for RFC 3986's
     * unreserved characters, so that it stays one path segment or one query value; a part that is
     * {@code .} or {@code ..} has its dots encoded too, so that it never walks the path.
     */
    static String percentEncoded(String text) {
        if (text.equals(".") || text.equals("..")) {
            return text.replace(".", "%2E");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return b.toString();
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info ->
                info.statusCode() / 100 == 2 ? new BoundedBody(maxBytes)
                        : HttpResponse.BodySubscribers.replacing(NO_BODY));
        try {
            // the request's own timeout ends when the headers arrive; this one covers the body too
            return future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(HttpConfig.REQUEST_TIMEOUT_MS, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting for the lookup service");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /** A failed exchange as Lookup reports it: transient or permanent, the cause's message withheld. */
    private RuntimeException failure(Throwable cause) {
        Throwable c = cause;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        for (Throwable t = c; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge) {
                return new DataException("the lookup service's answer is larger than " + HttpConfig.RESPONSE_MAX_BYTES
                        + " (" + maxBytes + " bytes)");
            }
        }
        if (c instanceof HttpConnectTimeoutException) {
            return timedOut(HttpConfig.CONNECT_TIMEOUT_MS, c);
        }
        if (c instanceof HttpTimeoutException) {
            return timedOut(HttpConfig.REQUEST_TIMEOUT_MS, c);
        }
        if (c instanceof IOException) {
            return new RetriableException("the lookup service cannot be reached (" + c.getClass().getName() + ")",
                    WithheldException.of(c));
        }
        return new DataException("the request to the lookup service failed (" + c.getClass().getName() + ")",
                WithheldException.of(c));
    }

    private static RetriableException timedOut(String key, Throwable cause) {
        String what = key.equals(HttpConfig.CONNECT_TIMEOUT_MS) ? "could not be connected to" : "did not answer";
        return new RetriableException("the lookup service " + what + " within " + key, WithheldException.of(cause));
    }

    /** The row of an answer, null for a miss; throws for a failure. */
    private LookupRow answer(int status, byte[] content) {
        if (status == 404) {
            return null;
        }
        if (status / 100 != 2) {
            String problem = "the lookup service answered HTTP status " + status;
            if (status == 408 || status == 429 || status / 100 == 5) {
                throw new RetriableException(problem);
            }
            throw new DataException(problem + (status / 100 == 3 ? " (redirects are not followed: " + HttpConfig.URL
                    + " must name the final address)" : status == 401 || status == 403 ? " (check " + HttpConfig.AUTH
                    + " and " + HttpConfig.HEADERS + ")" : ""));
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            throw new DataException("the lookup service answered HTTP status " + status + " with a body that is not "
                    + "JSON", WithheldException.of(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new DataException("the lookup service answered HTTP status " + status + " with an empty body, not "
                    + "JSON");
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            ResponseField f = fields.get(i);
            try {
                values[i] = f.type().fromJson(root.at(f.pointer()));
            } catch (IllegalArgumentException e) {
                throw new DataException("the lookup service's answer (HTTP status " + status + ") does not fit "
                        + HttpConfig.RESPONSE_FIELDS + ": the field '" + f.name() + "' at " + f.pointerText() + " "
                        + e.getMessage());
            }
        }
        return LookupRow.of(columns, values);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Never the URL, a header or a secret. */
    @Override
    public String toString() {
        return "HttpSource(" + method.configValue() + ", auth " + auth.configValue() + ", fields "
                + columns.fields().stream().map(f -> f.name()).toList() + ")";
    }

    /** The marker of an answer larger than {@code http.response.max.bytes}. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("the answer is larger than " + HttpConfig.RESPONSE_MAX_BYTES);
        }
    }

    /** Collects an answer's body up to a size, and fails the exchange beyond it. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (bytes.size() + item.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
