package io.cdckit.testkit;

import io.cdckit.core.config.ConfigKeys;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsCheckTest {

    static final ConfigDef DEF = ConfigKeys.define()
            .string("table.field.event.key", "aggregateid", "The column of the event key, a column name.")
            .string("hmac.key", null, "A key that is a secret.").sensitive()
            .string("topic", "t", "Not named like a secret at all.")
            .build();

    static final Function<Map<String, String>, Object> CONFIGURE = c -> new Object();

    @Test
    void aKeyNamedLikeASecretMustBeOneUnlessDeclaredAColumnName() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SecretsCheck.assertSecretsNeverShown(DEF, Map.of(), CONFIGURE));
        assertTrue(e.getMessage().contains("table.field.event.key is named like a secret"), e.getMessage());
        assertEquals(1, SecretsCheck.assertSecretsNeverShown(DEF, Map.of(), CONFIGURE, Set.of("table.field.event.key")),
                "declared a column name: only hmac.key is a secret");
    }

    @Test
    void aDeclarationThatDoesNotHoldFails() {
        for (String wrong : new String[] {"nosuch.key", "topic", "hmac.key"}) {
            assertThrows(AssertionFailedError.class, () -> SecretsCheck.assertSecretsNeverShown(DEF, Map.of(), CONFIGURE,
                    Set.of("table.field.event.key", wrong)), wrong);
        }
    }
}
