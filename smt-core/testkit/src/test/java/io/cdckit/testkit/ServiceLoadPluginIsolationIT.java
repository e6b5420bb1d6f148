package io.cdckit.testkit;

import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/**
 * The isolation proof with {@code plugin.discovery=service_load}: Connect finds plugins only
 * through their {@code META-INF/services} manifests, as it does when users turn scanning off.
 * It runs two workers, so connectors and tasks are placed by a real group rebalance.
 */
class ServiceLoadPluginIsolationIT extends PluginIsolationTestBase {

    @BeforeAll
    static void startRuntime() throws IOException {
        start(true, 2);
    }
}
