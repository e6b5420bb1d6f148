package io.cdckit.testkit.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry (3.0.x, in-memory storage unless configured) running as a child JVM, for integration tests.
 *
 * <p>The application comes from the {@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all} archive. A
 * module whose integration tests use it binds the parent POM's {@code fetch-apicurio-registry} execution to
 * {@code pre-integration-test}, which fetches the archive into the local Maven repository; failsafe names it in
 * {@value #ARCHIVE_PROPERTY}, and the first start unpacks it into the folder {@value #HOME_PROPERTY} names (the
 * module's {@code target/apicurio}). The registry binds to 127.0.0.1 on a free port, its management interface is
 * disabled (so it never grabs port 9000), and its output goes to a log file next to the unpacked folder (under
 * {@code target/}).
 *
 * <p>Apicurio's Confluent-compatible API is served under {@link #ccompatUrl()}. Known differences from
 * Confluent's registry: the global compatibility defaults to NONE (see {@link Builder#globalCompatibility}); an
 * incompatible registration answers HTTP 409 with {@code error_code} 409 (Confluent: 40901); ids are Apicurio's
 * content ids.
 *
 * <pre>{@code
 * try (ApicurioRegistry registry = ApicurioRegistry.builder().globalCompatibility("BACKWARD").start()) {
 *     String url = registry.ccompatUrl();
 * }
 * }</pre>
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** System property naming the unpacked apicurio-registry-app folder. */
    public static final String HOME_PROPERTY = "cdckit.apicurio.home";
    /** System property with the app version (defaults to 3.0.9); names the runner jar. */
    public static final String VERSION_PROPERTY = "cdckit.apicurio.version";

    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private final Process process;
    private final int port;
    private final Path logFile;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private ApicurioRegistry(Process process, int port, Path logFile, Duration startupTime, Thread shutdownHook) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.startupTime = startupTime;
        this.shutdownHook = shutdownHook;
    }

    /** Starts a registry with Apicurio's defaults (in-memory storage, no global compatibility rule). */
    public static ApicurioRegistry start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Confluent-compatible API root, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl() + CCOMPAT_PATH;
    }

    /** The server root, e.g. {@code http://127.0.0.1:41234} (Apicurio's own API is under /apis/registry/v3). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Wall time from launching the child JVM to the first 200 answer of {@code GET /subjects}. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Process id of the registry JVM (for diagnostics, e.g. measuring its resident memory). */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run; stopping twice is harmless
        }
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>();
        try (Stream<ProcessHandle> stream = process.descendants()) {
            stream.forEach(descendants::add);
        }
        process.destroy(); // SIGTERM: Quarkus shuts down gracefully
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : descendants) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Options; every {@code start()} launches a new process. */
    public static final class Builder {
        private String compatibility;
        private String maxHeap = "384m";
        private Duration startupTimeout = Duration.ofSeconds(90);
        private int port;
        private final List<String> extraSystemProperties = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets {@code apicurio.rules.global.compatibility} (e.g. BACKWARD, FORWARD, FULL, NONE). Without it Apicurio
         * enforces nothing on registration. Note that Apicurio 3.0.9 applies this default rule but does not report
         * it: {@code GET /config} still answers {@code {"compatibilityLevel":"NONE"}} until a {@code PUT /config}.
         */
        public Builder globalCompatibility(String level) {
            this.compatibility = level == null ? null : level.toUpperCase(Locale.ROOT);
            return this;
        }

        /** Shorthand for {@code globalCompatibility("BACKWARD")}, Confluent's default. */
        public Builder backwardCompatibility() {
            return globalCompatibility("BACKWARD");
        }

        public Builder maxHeap(String xmx) {
            this.maxHeap = xmx;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Binds the registry to this port instead of a free one, e.g. {@code port(old.port())} after
         * {@code old.close()} to bring a registry back where its clients' URLs point (with a persistent
         * storage, see {@link #systemProperty}, it comes back with its schemas and ids).
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Any further {@code -Dkey=value} for the registry JVM (Quarkus or Apicurio configuration). */
        public Builder systemProperty(String key, String value) {
            extraSystemProperties.add("-D" + key + "=" + value);
            return this;
        }

        public ApicurioRegistry start() {
            Path home = home();
            String version = System.getProperty(VERSION_PROPERTY, "3.0.9");
            Path runner = home.resolve("apicurio-registry-app-" + version + "-runner.jar");
            if (!Files.isRegularFile(runner)) {
                throw new IllegalStateException("No " + runner.getFileName() + " in " + home
                        + " (run the build through 'mvn verify', which unpacks apicurio-registry-app)");
            }
            int port = this.port > 0 ? this.port : freePort();
            Path logFile = home.resolveSibling("apicurio-registry-" + port + ".log");

            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.add("-Xmx" + maxHeap);
            command.add("-XX:+UseSerialGC");
            command.add("-Djava.net.preferIPv4Stack=true");
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-Dquarkus.http.port=" + port);
            command.add("-Dquarkus.management.enabled=false");
            command.add("-Dquarkus.log.console.color=false");
            if (compatibility != null) {
                command.add("-Dapicurio.rules.global.compatibility=" + compatibility);
            }
            command.addAll(extraSystemProperties);
            command.add("-jar");
            command.add(runner.toString());

            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    // appended: a registry restarted on its port keeps one log
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("APICURIO_"));

            long t0 = System.nanoTime();
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + command, e);
            }
            Thread hook = new Thread(() -> stop(process), "apicurio-registry-stop-" + port);
            Runtime.getRuntime().addShutdownHook(hook);
            ApicurioRegistry registry;
            try {
                awaitReady(process, port, logFile, startupTimeout);
                registry = new ApicurioRegistry(process, port, logFile,
                        Duration.ofNanos(System.nanoTime() - t0), hook);
            } catch (RuntimeException | Error e) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // shutting down
                }
                stop(process);
                throw e;
            }
            return registry;
        }
    }

    private static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        Path home = (configured != null ? Path.of(configured) : Path.of("target", "apicurio")).toAbsolutePath().normalize();
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        if (archive != null && !java.nio.file.Files.isDirectory(home)) {
            extract(Path.of(archive), home);
        }
        return home;
    }

    /** System property with the server archive (.tar.gz) the build fetched into the local Maven repository. */
    public static final String ARCHIVE_PROPERTY = "cdckit.apicurio.archive";

    /** Unpacks the server's .tar.gz into {@code home} with the system's tar. */
    private static synchronized void extract(Path archive, Path home) {
        if (java.nio.file.Files.isDirectory(home)) {
            return;
        }
        if (!java.nio.file.Files.isRegularFile(archive)) {
            throw new IllegalStateException("Apicurio Registry archive " + archive.getFileName() + " is missing; "
                    + "run the build ('mvn verify' fetches it before the integration tests)");
        }
        Path tmp = home.resolveSibling(home.getFileName() + ".tmp");
        try {
            java.nio.file.Files.createDirectories(tmp);
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", tmp.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("tar failed to unpack " + archive.getFileName() + ": " + output);
            }
            java.nio.file.Files.move(tmp, home);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot unpack " + archive.getFileName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(Process process, int port, Path logFile, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CCOMPAT_PATH + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before becoming ready; log " + logFile + ":\n" + tail(logFile));
            }
            try {
                HttpResponse<Void> response = client.send(probe, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
            }
        }
        throw new IllegalStateException("Apicurio Registry not ready on port " + port + " within " + timeout
                + " (last probe: " + last + "); log " + logFile + ":\n" + tail(logFile));
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
