package io.cdckit.examples;

import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;

import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The runnable demo: a real CDC pipeline in one JVM (embedded PostgreSQL, Debezium's PostgreSQL
 * connector, a Kafka broker and a Connect worker) with every cdckit plugin installed from its
 * archive, the whole chain on a small shop's tables, a scripted workload with a schema change in
 * the middle, and each change printed at each stage. Run it with {@code examples/run-demo.sh}.
 *
 * <p>Options: {@code --pause-ms=<ms>} (pause after some steps, default 1500), {@code --keep-running}
 * (leave the cluster up after the summary, print its REST URL and topics, stop on Ctrl-C). The
 * archives come from {@link PluginArchives}. Kafka, Connect, Debezium and PostgreSQL log to the
 * file named by system property {@value #LOG_PROPERTY} (default: a file in the temporary folder).
 * Exits 0 on success and 1 on failure.
 */
public final class ShopDemo {

    public static final String LOG_PROPERTY = "cdckit.demo.log";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final PrintStream out;

    ShopDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // before anything logs: the components log to a file, the terminal gets the demo's output
        if (System.getProperty(LOG_PROPERTY) == null) {
            System.setProperty(LOG_PROPERTY, Path.of(System.getProperty("java.io.tmpdir"), "cdckit-demo.log").toString());
        }
        LoggerFactory.getLogger(ShopDemo.class).info("cdckit demo starting"); // logging ready before any thread
        int code;
        try {
            new ShopDemo(System.out).run(args);
            code = 0;
        } catch (Throwable e) {
            System.out.flush();
            System.err.println();
            System.err.println("cdckit demo FAILED: " + message(e));
            System.err.println("Details in the log: " + logFile());
            code = 1;
        }
        System.exit(code); // Kafka's and Debezium's threads must not keep the JVM alive
    }

    /** Runs the demo; returns the changes it printed (none for {@code --help}). */
    List<Change> run(String[] args) throws InterruptedException {
        Duration pause = Duration.ofMillis(1500);
        boolean keepRunning = false;
        for (String a : args) {
            if (a.startsWith("--pause-ms=")) {
                pause = Duration.ofMillis(milliseconds(a.substring("--pause-ms=".length())));
            } else if (a.equals("--keep-running")) {
                keepRunning = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: ShopDemo [--pause-ms=<ms>] [--keep-running]");
                return List.of();
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " (try --help)");
            }
        }
        List<Path> archives = PluginArchives.all();
        long t0 = System.nanoTime();
        out.println("cdckit demo: Debezium PostgreSQL change events through every cdckit plugin");
        out.println();
        out.println("Starting an embedded PostgreSQL 17, a Kafka broker and a Kafka Connect worker in this JVM...");

        Workload workload = Workload.demo();
        DemoPipeline pipeline = quietly(() -> DemoPipeline.start(archives, workload));
        if (keepRunning) {
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "cdckit-demo-stop"));
        }
        List<Change> changes;
        Throwable failure = null;
        try {
            describe(pipeline, archives);
            out.printf(Locale.ROOT, "Ready in %.1f s. Running the workload; each change is printed once it has reached "
                    + "every stage.%n%n", seconds(t0));
            changes = pipeline.run(new ChangeTable(out), pause);
            pipeline.awaitTopics(expectedCounts(workload), DRAIN_TIMEOUT);
            out.println();
            out.println(summary(pipeline.summary(), changes));
            if (keepRunning) {
                keepRunning(pipeline);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (!keepRunning || failure != null) {
                stop(pipeline, failure);
            }
        }
        out.printf(Locale.ROOT, "Done in %.1f s. Component logs: %s%n", seconds(t0), logFile());
        return changes;
    }

    private void stop(DemoPipeline pipeline, Throwable failure) {
        long t1 = System.nanoTime();
        out.println();
        out.println("Stopping the connectors, Connect, Kafka and PostgreSQL...");
        try {
            pipeline.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e); // the first failure is the one to report
        }
        out.printf(Locale.ROOT, "Stopped in %.1f s.%n", seconds(t1));
    }

    private void keepRunning(DemoPipeline pipeline) throws InterruptedException {
        out.println();
        out.println("The cluster keeps running (--keep-running). Explore it:");
        out.println("  Connect REST API  " + pipeline.restUrl() + "   (e.g. GET connectors?expand=status)");
        out.println("  Kafka             " + pipeline.connect().bootstrapServers());
        out.println("  PostgreSQL        " + pipeline.database().jdbcUrl() + " (user " + EmbeddedPostgresCdc.USER + ")");
        out.println("  topics            " + String.join(", ", DemoPipeline.topics()));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        new CountDownLatch(1).await(); // until the JVM is stopped; the shutdown hook closes the pipeline
    }

    /** The records each topic holds after the workload, from the workload's events. */
    static Map<String, Integer> expectedCounts(Workload workload) {
        Map<String, Integer> counts = new TreeMap<>();
        DemoPipeline.topics().forEach(t -> counts.put(t, 0));
        for (Workload.Event e : workload.expectedEvents()) {
            boolean delete = Workload.DELETE.equals(e.op());
            for (String prefix : List.of(DemoPipeline.RAW_PREFIX, DemoPipeline.MASKED_PREFIX)) {
                counts.merge(prefix + "." + e.table(), delete ? 2 : 1, Integer::sum); // a delete and its tombstone
            }
            counts.merge(DemoPipeline.PREFIX + "." + e.table() + (delete ? DemoPipeline.DELETES_SUFFIX : ""), 1,
                    Integer::sum);
        }
        return counts;
    }

    /** The components' log file as an absolute path (the demo may run from any folder), or null if none is set. */
    static Path logFile() {
        String file = System.getProperty(LOG_PROPERTY);
        return file == null ? null : Path.of(file).toAbsolutePath().normalize();
    }

    /**
     * Runs {@code action} with {@code System.out} going to the log: Kafka's broker prints its storage
     * formatting there when it starts. The demo's own output goes to {@link #out}.
     */
    private static <T> T quietly(Supplier<T> action) {
        PrintStream terminal = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return action.get();
        } finally {
            System.setOut(terminal);
            String text = captured.toString(StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                LoggerFactory.getLogger(ShopDemo.class).info("printed while starting:\n{}", text);
            }
        }
    }

    private void describe(DemoPipeline p, List<Path> archives) {
        EmbeddedPostgresCdc pg = p.postgres();
        Map<String, String> versions = p.pluginVersions();
        for (String cls : List.of("io.cdckit.smt.unwrap.Unwrap", "io.cdckit.smt.masking.Mask$Value",
                DemoPipeline.AVRO_CONVERTER, "io.cdckit.smt.enrich.Lookup$Value")) {
            if (!versions.containsKey(cls)) {
                throw new IllegalStateException("the Connect worker did not load " + cls + " from plugin.path");
            }
        }
        String where = DemoPipeline.pluginsOnClassPath()
                ? "from plugin.path (note: some are also on this JVM's class path)"
                : "from plugin.path, isolated";
        out.println("  PostgreSQL  " + pg.host() + ":" + pg.port() + ", database " + DemoPipeline.DATABASE + ": "
                + Workload.CUSTOMERS + " (PII: email, phone, card), " + Workload.ORDERS + ", " + Workload.TIERS
                + " (reference, not captured)");
        out.println("  Connect     1 broker, 1 worker; plugin.path holds, unzipped:");
        for (Path zip : archives) {
            out.println("                " + zip.getFileName());
        }
        out.println("              " + versions.size() + " cdckit plugin classes loaded " + where + ", version "
                + versions.get("io.cdckit.smt.unwrap.Unwrap"));
        out.println("  source      " + DemoPipeline.PIPELINE + "  " + EmbeddedPostgresCdc.CONNECTOR_CLASS + " through:");
        Map<String, String> shown = new LinkedHashMap<>(DemoPipeline.chain(true, "<jdbc url>", k -> "${file:<secrets>:" + k + "}"));
        shown.putAll(DemoPipeline.avro());
        shown.forEach((k, v) -> out.println("                " + k + "=" + v));
        out.println("              -> " + DemoPipeline.PREFIX + ".shop.customers, " + DemoPipeline.PREFIX
                + ".shop.orders and their " + DemoPipeline.DELETES_SUFFIX + " topics (Avro)");
        out.println("  sink        " + DemoPipeline.SINK + "  reads " + DemoPipeline.PREFIX
                + ".* back through AvroConverter (" + DemoPipeline.REGISTRY + ")");
        out.println("  taps        " + DemoPipeline.RAW + " (no transforms) -> " + DemoPipeline.RAW_PREFIX + ".shop.*, "
                + DemoPipeline.MASKED + " (the first three transforms) -> " + DemoPipeline.MASKED_PREFIX
                + ".shop.*: only to show the stages");
        out.println();
    }

    static String summary(DemoPipeline.Summary s, List<Change> changes) {
        StringBuilder b = new StringBuilder("Summary: records per topic\n");
        for (String topic : DemoPipeline.topics()) {
            b.append(String.format(Locale.ROOT, "  %-30s %3d", topic, s.records().getOrDefault(topic, 0)));
            Integer tombstones = s.tombstones().get(topic);
            if (tombstones != null) {
                b.append("  (").append(tombstones).append(tombstones == 1 ? " tombstone)" : " tombstones)");
            }
            List<Integer> ids = s.schemaIds().get(topic);
            if (ids != null) {
                b.append("  schema versions ");
                for (int i = 0; i < ids.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append('v').append(i + 1).append(" (id ").append(ids.get(i)).append(')');
                }
            }
            b.append('\n');
        }
        Map<String, Integer> ops = new TreeMap<>();
        changes.forEach(c -> ops.merge(c.event().op(), 1, Integer::sum));
        int customers = 0;
        int masked = 0;
        for (Change c : changes) {
            if (Workload.CUSTOMERS.equals(c.event().table())) {
                customers++;
                if (DemoPipeline.MASKED_FIELDS.stream().allMatch(f -> c.rawImage().get(f) == null
                        || !c.rawImage().get(f).equals(c.row().get(f)))) {
                    masked++;
                }
            }
        }
        b.append(changes.size()).append(" change events ").append(ops).append(" reached the end of the chain; ")
                .append(masked).append(" of ").append(customers).append(" customer rows masked (")
                .append(String.join(", ", DemoPipeline.MASKED_FIELDS)).append("); tombstones dropped by Unwrap.");
        return b.toString();
    }

    private static long milliseconds(String text) {
        try {
            long ms = Long.parseLong(text);
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--pause-ms needs a number of milliseconds, got '" + text + "'");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String message(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append("\n  caused by: ").append(c.getMessage());
            }
        }
        return b.toString();
    }
}
