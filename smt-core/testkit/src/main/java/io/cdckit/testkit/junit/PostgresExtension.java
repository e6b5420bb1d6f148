package io.cdckit.testkit.junit;

import io.cdckit.testkit.cdc.EmbeddedPostgresCdc;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL with logical decoding for one test class ({@link EmbeddedPostgresCdc}, no
 * Docker), for Debezium's connector to capture:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final PostgresExtension PG = new PostgresExtension();
 * @RegisterExtension @Order(2) static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();
 * }</pre>
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private final boolean restartable;
    private EmbeddedPostgresCdc server;

    public PostgresExtension() {
        this(false);
    }

    private PostgresExtension(boolean restartable) {
        this.restartable = restartable;
    }

    /** A server the test can stop and restart ({@link EmbeddedPostgresCdc#stop()}, {@code restart()}). */
    public static PostgresExtension restartable() {
        return new PostgresExtension(true);
    }

    /** The running server (during the test class). */
    public EmbeddedPostgresCdc server() {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL runs only during its test class");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = restartable ? EmbeddedPostgresCdc.builder().restartable().start() : EmbeddedPostgresCdc.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
