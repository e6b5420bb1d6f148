package io.cdckit.testkit.junit;

import io.cdckit.testkit.ConnectRuntime;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.UnaryOperator;

/**
 * One real Connect runtime per test class ({@link ConnectRuntime}: a KRaft broker and Connect
 * workers in-process, {@code plugin.path} holding the module's built plugin archive), started
 * before the class's first test and stopped after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive();
 *
 * @Test void sinkPath() { CONNECT.runtime().deploy("sink", config); ... }
 * }</pre>
 *
 * {@link #with} adjusts the runtime (more archives, workers, {@code service_load} discovery, worker
 * properties, a standalone worker) before it starts.
 */
public final class ConnectRuntimeExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<ConnectRuntime.Builder> setup;
    private ConnectRuntime runtime;

    private ConnectRuntimeExtension(UnaryOperator<ConnectRuntime.Builder> setup) {
        this.setup = setup;
    }

    /** A runtime with this module's plugin archive on {@code plugin.path}. */
    public static ConnectRuntimeExtension withModuleArchive() {
        return new ConnectRuntimeExtension(b -> b.pluginArchive(ConnectRuntime.moduleArchive()));
    }

    /**
     * A runtime set up by {@code setup} alone, without this module's archive: for modules that ship
     * no plugin but run others' (examples), e.g. {@code of(b -> b.pluginArchive(zip1).pluginArchive(zip2))}.
     * {@code setup} runs when the test class starts, so it may read system properties then.
     */
    public static ConnectRuntimeExtension of(UnaryOperator<ConnectRuntime.Builder> setup) {
        return new ConnectRuntimeExtension(setup);
    }

    /** The same runtime, further set up by {@code more} before it starts. */
    public ConnectRuntimeExtension with(UnaryOperator<ConnectRuntime.Builder> more) {
        return new ConnectRuntimeExtension(b -> more.apply(setup.apply(b)));
    }

    /** The running runtime (during the test class). */
    public ConnectRuntime runtime() {
        if (runtime == null) {
            throw new IllegalStateException("the Connect runtime runs only during its test class");
        }
        return runtime;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = setup.apply(ConnectRuntime.builder()).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
