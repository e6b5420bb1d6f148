package io.cdckit.smt.enrich;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on the loopback address for the http source's tests (the JDK's
 * {@code HttpServer}, port 0): it answers per exact request target (the raw path and query as they
 * arrived), counts the hits of each target and records each request. Targets without an answer get
 * 404. A {@link #slow} target answers only once the server closes, so a test can pass a request
 * timeout without sleeping.
 */
final class HttpStub implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String method, String target, Map<String, List<String>> headers, String body) {

        /** The first value of a header (names in any case), or null. */
        String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** How a target answers. */
    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "http-stub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private HttpStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads); // a slow answer must not hold the others up
        server.createContext("/", this::handle);
        server.start();
    }

    static HttpStub start() throws IOException {
        return new HttpStub();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** {@code target} (raw path and query) answers {@code status} with {@code body} as JSON. */
    HttpStub json(String target, int status, String body) {
        return answer(target, exchange -> send(exchange, status, "application/json", body));
    }

    HttpStub answer(String target, Answer answer) {
        answers.put(target, answer);
        return this;
    }

    /** {@code target} answers only when the stub closes. */
    HttpStub slow(String target) {
        return answer(target, exchange -> {
            if (closing.await(5, TimeUnit.MINUTES)) {
                send(exchange, 200, "application/json", "{}");
            }
        });
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** How many requests {@code target} has had. */
    int hits(String target) {
        AtomicInteger n = hits.get(target);
        return n == null ? 0 : n.get();
    }

    /** The requests {@code target} has had, in order. */
    List<Request> requests(String target) {
        return requests.stream().filter(r -> r.target().equals(target)).toList();
    }

    /** Forgets hits and requests (answers stay). */
    void reset() {
        hits.clear();
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String target = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            requests.add(new Request(exchange.getRequestMethod(), target, Map.copyOf(exchange.getRequestHeaders()),
                    body));
            hits.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
            Answer answer = answers.get(target);
            if (answer == null) {
                send(exchange, 404, "application/json", "{\"error\":\"no such customer\"}");
                return;
            }
            answer.answer(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets slow answers go, then stops the server. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
