package io.cdckit.testkit;

import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The isolation proof with Connect's default plugin discovery (scanning plugin.path). */
class PluginIsolationIT extends PluginIsolationTestBase {

    @BeforeAll
    static void startRuntime() throws IOException {
        start(false, 1);
    }
}
