package io.cdckit.smt.unwrap;

import io.cdckit.testkit.junit.ConnectRuntimeExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.cdckit.smt.unwrap.UnwrapStandaloneIT.assertUnwrappedCustomers;
import static io.cdckit.smt.unwrap.UnwrapStandaloneIT.replayCustomers;

/**
 * The standalone workaround that holds on every supported Kafka line, 3.9 included: a worker
 * started with a connector's properties file on its command line
 * ({@code connect-standalone worker.properties connector.properties}) runs that connector with
 * {@code Unwrap} from {@code plugin.path}, and the connectors it is given through the REST API
 * afterwards run too. See {@link UnwrapStandaloneIT} for why the REST API alone fails on 3.9.
 */
class UnwrapStandaloneCommandLineIT {

    @RegisterExtension
    static final ConnectRuntimeExtension CONNECT = ConnectRuntimeExtension.withModuleArchive()
            .with(b -> b.standalone().commandLineConnector(work -> replayCustomers(work, "file-unwrap", "file-customers")));

    @Test
    void connectorFromTheCommandLineRunsUnwrap() {
        CONNECT.runtime().awaitRunning("file-unwrap", 1);

        assertUnwrappedCustomers(CONNECT.runtime().consumeDecoded("file-customers", 8, Duration.ofSeconds(60)));
    }

    @Test
    void restApiRunsAConnectorUsingUnwrapAfterwards() {
        CONNECT.runtime().deploy("later-unwrap", replayCustomers(CONNECT.runtime().workDir(), "later-unwrap", "later-customers"));
        CONNECT.runtime().awaitRunning("later-unwrap", 1);

        assertUnwrappedCustomers(CONNECT.runtime().consumeDecoded("later-customers", 8, Duration.ofSeconds(60)));
    }
}
