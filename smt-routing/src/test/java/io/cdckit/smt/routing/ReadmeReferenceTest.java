package io.cdckit.smt.routing;

import io.cdckit.smt.routing.predicates.ExpressionMatches;
import io.cdckit.smt.routing.predicates.OperationIs;
import io.cdckit.testkit.ConfigDocs;

import org.junit.jupiter.api.Test;

import java.io.IOException;

/** README.md's option references of the smt-routing transforms and predicates are generated from their ConfigDefs. */
class ReadmeReferenceTest {

    @Test
    void routingReferencesAreCurrent() throws IOException {
        ConfigDocs.assertReadmeCurrent(OperationRouter.class.getName(), OperationRouter.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(OperationFilter.class.getName(), OperationFilter.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(OperationIs.class.getName(), OperationIs.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(OutboxRouter.class.getName(), OutboxRouter.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(ExpressionFilter.class.getName(), ExpressionFilter.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(ExpressionRouter.class.getName(), ExpressionRouter.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(ComputeField.class.getName(), ComputeField.CONFIG_DEF);
        ConfigDocs.assertReadmeCurrent(ExpressionMatches.class.getName(), ExpressionMatches.CONFIG_DEF);
    }
}
