package io.cdckit.examples;

import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;

import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runnable demo: a real CDC pipeline in one JVM (embedded PostgreSQL, Debezium's PostgreSQL
 * connector, a Kafka broker and a Connect worker) with cdckit's {@code Unwrap} installed from its
 * plugin archive, a short scripted workload, and each change printed as it arrives, before and
 * after unwrapping. Run it with {@code examples/run-demo.sh}.
 *
 * <p>Options: {@code --plugin-archive=<cdckit-smt-unwrap zip>} (default: system property
 * {@value #ARCHIVE_PROPERTY}, else {@code smt-unwrap/target/plugin/} under the current or parent
 * folder), {@code --pause-ms=<ms>} (pause after some steps, default 1500). Kafka, Connect, Debezium
 * and PostgreSQL log to the file named by system property {@value #LOG_PROPERTY} (default: a file
 * in the temporary folder). Exits 0 on success and 1 on failure.
 */
public final class UnwrapDemo {

    public static final String ARCHIVE_PROPERTY = "cdckit.demo.unwrap.archive";
    public static final String LOG_PROPERTY = "cdckit.demo.log";
    private static final String ARCHIVE_FOLDER = "smt-unwrap/target/plugin";
    private static final String ARCHIVE_PREFIX = "cdckit-smt-unwrap-";

    private final PrintStream out;

    UnwrapDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // before anything logs: the components log to a file, the terminal gets the table
        if (System.getProperty(LOG_PROPERTY) == null) {
            System.setProperty(LOG_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "cdckit-demo.log").toString());
        }
        LoggerFactory.getLogger(UnwrapDemo.class).info("cdckit demo starting"); // logging ready before any thread
        int code;
        try {
            new UnwrapDemo(System.out).run(args);
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
    List<Change> run(String[] args) {
        Path archiveArg = null;
        Duration pause = Duration.ofMillis(1500);
        for (String a : args) {
            if (a.startsWith("--plugin-archive=")) {
                archiveArg = Path.of(a.substring("--plugin-archive=".length()));
            } else if (a.startsWith("--pause-ms=")) {
                pause = Duration.ofMillis(milliseconds(a.substring("--pause-ms=".length())));
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: UnwrapDemo [--plugin-archive=<cdckit-smt-unwrap-<version>.zip>] [--pause-ms=<ms>]");
                return List.of();
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " (try --help)");
            }
        }
        Path archive = archiveArg != null ? archiveArg : findArchive();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("plugin archive not found: " + archive);
        }
        long t0 = System.nanoTime();
        out.println("cdckit demo: Debezium PostgreSQL change events, before and after cdckit's Unwrap");
        out.println();
        out.println("Starting an embedded PostgreSQL 17, a Kafka broker and a Kafka Connect worker in this JVM...");

        // On Ctrl-C, the JVM's shutdown hooks stop PostgreSQL (zonky's) and the Connect worker (Kafka's).
        DemoPipeline pipeline = quietly(() -> DemoPipeline.start(archive, Workload.demo()));
        List<Change> changes;
        Throwable failure = null;
        try {
            describe(pipeline, archive);
            out.printf(Locale.ROOT, "Ready in %.1f s. Running the workload; each change is printed as it arrives.%n%n",
                    seconds(t0));
            changes = pipeline.run(new ChangeTable(out), pause);
            out.println();
            out.println(summary(changes));
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
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
        out.printf(Locale.ROOT, "Done in %.1f s. Component logs: %s%n", seconds(t0), logFile());
        return changes;
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
                LoggerFactory.getLogger(UnwrapDemo.class).info("printed while starting:\n{}", text);
            }
        }
    }

    private void describe(DemoPipeline p, Path archive) {
        EmbeddedPostgresCdc pg = p.postgres();
        String version = p.unwrapVersion();
        if (version == null) {
            throw new IllegalStateException("the Connect worker did not load " + DemoPipeline.UNWRAP_CLASS
                    + " from plugin.path (archive " + archive.getFileName() + ")");
        }
        String where = DemoPipeline.unwrapOnClassPath()
                ? "from plugin.path (note: it is also on this JVM's class path)"
                : "from plugin.path, isolated";
        out.println("  PostgreSQL  " + pg.host() + ":" + pg.port() + ", database " + DemoPipeline.DATABASE
                + ", table " + Workload.TABLE + " (REPLICA IDENTITY FULL)");
        out.println("  Connect     1 broker, 1 worker; plugin.path holds " + archive.getFileName() + ", unzipped");
        out.println("  source      " + DemoPipeline.SOURCE + "  " + EmbeddedPostgresCdc.CONNECTOR_CLASS
                + " -> topic " + DemoPipeline.TOPIC + " (raw envelopes)");
        out.println("  sink        " + DemoPipeline.SINK + "    reads " + DemoPipeline.TOPIC + " through:");
        for (Map.Entry<String, String> e : DemoPipeline.unwrapConfig().entrySet()) {
            String note = e.getKey().endsWith(".type") ? "   (version " + version + ", " + where + ")" : "";
            out.println("                " + e.getKey() + "=" + e.getValue() + note);
        }
        out.println();
    }

    static String summary(List<Change> changes) {
        Map<String, Integer> in = new LinkedHashMap<>();
        for (String kind : List.of(Workload.READ, Workload.CREATE, Workload.UPDATE, Workload.DELETE, Workload.TOMBSTONE)) {
            in.put(kind, 0);
        }
        int rows = 0;
        int tombstones = 0;
        int dropped = 0;
        int deletedRows = 0;
        for (Change c : changes) {
            in.merge(c.kind(), 1, Integer::sum);
            if (c.dropped()) {
                dropped++;
            } else if (c.row() == null) {
                tombstones++;
            } else {
                rows++;
                if ("true".equals(String.valueOf(c.row().get("__deleted")))) {
                    deletedRows++;
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(changes.size()).append(" change events in (");
        String sep = "";
        for (Map.Entry<String, Integer> e : in.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = " ";
        }
        b.append("), ").append(rows).append(" rows out (").append(deletedRows).append(" with __deleted=true)");
        if (tombstones > 0) {
            b.append(", ").append(tombstones).append(" tombstones");
        }
        b.append(", ").append(dropped).append(" dropped.");
        return b.toString();
    }

    /**
     * The archive named by {@value #ARCHIVE_PROPERTY}, else the newest in {@code smt-unwrap/target/plugin/}
     * under the current or the parent folder.
     */
    static Path findArchive() {
        String prop = System.getProperty(ARCHIVE_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        for (Path base : List.of(Path.of(""), Path.of(".."))) {
            Path dir = base.resolve(ARCHIVE_FOLDER);
            if (Files.isDirectory(dir)) {
                Path newest = null;
                try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, ARCHIVE_PREFIX + "*.zip")) {
                    for (Path zip : zips) {
                        if (newest == null || Files.getLastModifiedTime(zip).compareTo(Files.getLastModifiedTime(newest)) > 0) {
                            newest = zip;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (newest != null) {
                    return newest.toAbsolutePath().normalize();
                }
            }
        }
        throw new IllegalStateException("the " + ARCHIVE_PREFIX + "<version>.zip plugin archive was not found in "
                + ARCHIVE_FOLDER + ": build it (mvn -DskipTests package -pl examples -am) or pass --plugin-archive=<zip>");
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
