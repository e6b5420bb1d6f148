package io.cdckit.smt.routing;

import io.cdckit.smt.routing.predicates.OperationIs;
import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

/** README.md's option references of OperationRouter, OperationFilter, OperationIs and OutboxRouter are generated from their ConfigDefs. */
class ReadmeReferenceTest {

    @Test
    void routingReferencesAreCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(OperationRouter.class.getName(), OperationRouter.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(OperationFilter.class.getName(), OperationFilter.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(OperationIs.class.getName(), OperationIs.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(OutboxRouter.class.getName(), OutboxRouter.CONFIG_DEF);
    }
}
