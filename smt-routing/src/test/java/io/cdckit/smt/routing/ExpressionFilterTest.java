package io.cdckit.smt.routing;

import io.cdckit.smt.routing.expr.ExpressionKeys;
import io.cdckit.testkit.Envelopes;
import io.cdckit.testkit.TransformContract;
import io.cdckit.testkit.fixtures.Fixtures;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cdckit.smt.routing.OperationFilterTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionFilterTest {

    static ExpressionFilter<SinkRecord> filter(String... kv) {
        ExpressionFilter<SinkRecord> t = new ExpressionFilter<>();
        t.configure(props(kv));
        return t;
    }

    static SinkRecord tombstone() {
        return Fixtures.records("shop.products").get(10);
    }

    @Test
    void aTrueConditionKeepsTheRecordAFalseOneDropsIt() {
        ExpressionFilter<SinkRecord> noReads = filter("condition", "value.op != 'r'");
        int kept = 0;
        for (SinkRecord r : Fixtures.records()) {
            if (r.value() == null) {
                continue;
            }
            SinkRecord out = noReads.apply(r);
            if (OperationFilterTest.ops(List.of(r)).get(0).equals("r")) {
                assertNull(out);
            } else {
                assertSame(r, out);
                kept++;
            }
        }
        assertTrue(kept > 0);
        SinkRecord insert = Fixtures.schemalessRecords().get(4);
        assertSame(insert, filter("condition", "value.op == 'c'").apply(insert), "schemaless Map values the same way");
    }

    @Test
    void nullHandlingModes() {
        SinkRecord t = tombstone();
        assertSame(t, filter("condition", "value.op == 'c'").apply(t), "keep: unevaluated");
        assertNull(filter("condition", "true", "null.handling.mode", "drop").apply(t));
        assertSame(t, filter("condition", "value == null", "null.handling.mode", "evaluate").apply(t));
        assertNull(filter("condition", "value != null", "null.handling.mode", "EVALUATE").apply(t));
        assertThrows(DataException.class, () -> filter("condition", "value.op == 'c'", "null.handling.mode", "evaluate")
                .apply(t), "evaluated, value.op on null fails");
    }

    @Test
    void otherTopicsPassUnevaluated() {
        ExpressionFilter<SinkRecord> f = filter("condition", "value.after.email.endsWith('.org')",
                "topic.regex", "pg\\.shop\\.customers");
        SinkRecord product = Fixtures.records("shop.products").get(0);
        assertSame(product, f.apply(product), "no email column: not evaluated");
        assertNull(f.apply(Fixtures.records("shop.customers").get(0)));
    }

    @Test
    void theLanguageIsGroovyAsDebeziumNamesIt() {
        SinkRecord t = tombstone();
        for (String language : List.of("jsr223.groovy", "groovy", "JSR223.Groovy")) {
            assertSame(t, filter("language", language, "condition", "true").apply(t));
        }
        ConfigException js = assertThrows(ConfigException.class, () -> filter("language", "jsr223.graal.js",
                "condition", "true"));
        assertTrue(js.getMessage().contains("language") && js.getMessage().contains("jsr223.groovy"), js.getMessage());
    }

    @Test
    void aResultThatIsNotABooleanIsADataErrorNamingItsType() {
        SinkRecord r = Fixtures.records("shop.customers").get(0);
        DataException text = assertThrows(DataException.class, () -> filter("condition", "value.after.email").apply(r));
        assertTrue(text.getMessage().contains("gave a java.lang.String, not a boolean"), text.getMessage());
        assertFalse(text.getMessage().contains("ada@example.com"), text.getMessage());
        DataException none = assertThrows(DataException.class, () -> filter("condition", "null").apply(r));
        assertTrue(none.getMessage().contains("gave null, not a boolean"), none.getMessage());
        DataException truthy = assertThrows(DataException.class, () -> filter("condition", "1").apply(r));
        assertTrue(truthy.getMessage().contains("java.lang.Integer"), "no Groovy truth, as in Debezium: " + truthy);
    }

    @Test
    void aFailureNamesTransformKeyExpressionAndWhereNeverValues() {
        SinkRecord r = Fixtures.records("shop.customers").get(0);
        DataException e = assertThrows(DataException.class,
                () -> filter("condition", "value.after.email.toInteger() > 0").apply(r));
        assertTrue(e.getMessage().startsWith("ExpressionFilter: the condition 'value.after.email.toInteger() > 0' "
                + "failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("[topic 'pg.shop.customers', partition 0, offset 0]"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("ada@example.com"), t.toString());
        }
    }

    @Test
    void configurationMistakesNameTheKeyAndTheConstruct() {
        ConfigException syntax = assertThrows(ConfigException.class, () -> filter("condition", "value.op =="));
        assertTrue(syntax.getMessage().contains("condition") && syntax.getMessage().contains("not a valid Groovy"),
                syntax.getMessage());
        ConfigException exit = assertThrows(ConfigException.class, () -> filter("condition", "System.exit(0)"));
        assertTrue(exit.getMessage().contains("condition") && exit.getMessage().contains("java.lang.System"),
                exit.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> filter("condition", "vaule.op == 'c'"));
        assertTrue(unknown.getMessage().contains("unknown variable 'vaule'"), unknown.getMessage());
        assertThrows(ConfigException.class, () -> filter("condition", " "));
        assertThrows(ConfigException.class, () -> filter());
        ConfigException timeout = assertThrows(ConfigException.class, () -> filter("condition", "true",
                "expression.timeout.ms", "-1"));
        assertTrue(timeout.getMessage().contains("expression.timeout.ms"), timeout.getMessage());
    }

    @Test
    void theDeadlineIsTheConfiguredOne() {
        SinkRecord r = Fixtures.records("shop.customers").get(0);
        DataException e = assertThrows(DataException.class, () -> filter("condition",
                "def i = 0; while (true) { i++ }; true", "expression.timeout.ms", "20").apply(r));
        assertTrue(e.getMessage().contains("did not finish within 20 ms"), e.getMessage());
        assertSame(r, filter("condition", "def i = 0; while (i < 100000) { i++ }; true", "expression.timeout.ms", "0")
                .apply(r));
    }

    @Test
    void withoutTheSandboxOnlyWhenAskedWithAWarningAndNeverWhereTheWorkerForbidsIt() {
        List<LoggingEvent> warnings = new ArrayList<>();
        AppenderSkeleton capture = new AppenderSkeleton() {
            @Override
            protected void append(LoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                    warnings.add(event);
                }
            }

            @Override
            public void close() {
            }

            @Override
            public boolean requiresLayout() {
                return false;
            }
        };
        Logger.getRootLogger().addAppender(capture);
        try {
            SinkRecord r = Fixtures.records("shop.customers").get(0);
            assertThrows(ConfigException.class, () -> filter("condition", "value.getClass() != null"));
            ExpressionFilter<SinkRecord> open = filter("condition", "value.getClass() != null", "sandbox", "false");
            assertSame(r, open.apply(r));
            assertEquals(1, warnings.size(), "one warning");
            assertTrue(warnings.get(0).getRenderedMessage().contains("sandbox=false"), warnings.get(0).getRenderedMessage());
            System.setProperty(ExpressionKeys.REQUIRED_PROPERTY, "true");
            try {
                ConfigException refused = assertThrows(ConfigException.class,
                        () -> filter("condition", "true", "sandbox", "false"));
                assertTrue(refused.getMessage().contains("sandbox") && refused.getMessage().contains(
                        ExpressionKeys.REQUIRED_PROPERTY), refused.getMessage());
                assertSame(r, filter("condition", "true", "sandbox", "true").apply(r));
            } finally {
                System.clearProperty(ExpressionKeys.REQUIRED_PROPERTY);
            }
        } finally {
            Logger.getRootLogger().removeAppender(capture);
        }
    }

    @Test
    void validationReportsTheExpressionsProblemOnItsKey() {
        var values = ExpressionFilter.CONFIG_DEF.validate(props("condition", "new File('x')"));
        boolean shown = false;
        for (var v : values) {
            shown |= v.name().equals("condition") && v.errorMessages().stream()
                    .anyMatch(m -> m.contains("the sandbox refuses creating a java.io.File"));
        }
        assertTrue(shown, values.toString());
    }

    @Nested
    class Contract extends TransformContract {
        @Override
        protected Transformation<SinkRecord> newTransform() {
            return new ExpressionFilter<>();
        }

        @Override
        protected Map<String, String> config() {
            // the customers' events have no code: refused; records without an op pass
            return props("condition", "op != 'r' || after?.get('code') != 'x'");
        }

        @Override
        protected List<SinkRecord> records() {
            return Fixtures.records().stream().filter(r -> r.value() != null).limit(10).toList();
        }

        @Override
        protected List<SinkRecord> badRecords() {
            return List.of(Envelopes.copy(Fixtures.records("shop.customers").get(0)));
        }

        @Override
        protected Map<String, String> badConfigs() {
            return Map.of("condition", "Runtime.getRuntime()", "language", "jsr223.js", "null.handling.mode", "skip",
                    "topic.regex", "(");
        }
    }
}
