package io.cdckit.smt.routing.expr;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.TransformConfig;

import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The configuration keys every expression plugin shares: the expression itself (compiled by its
 * rule, so that Connect's validate endpoint reports a syntax error or a refusal of the sandbox on
 * the key, as {@code configure()} does), {@value #SANDBOX} and {@value #TIMEOUT}. A worker operator
 * forbids {@code sandbox=false} for every connector of the worker with the JVM system property
 * {@value #REQUIRED_PROPERTY}{@code =true} or the environment variable {@value #REQUIRED_ENV}{@code =true}:
 * anyone who can write a connector config through Connect's REST API would otherwise run any code
 * in the worker.
 */
public final class ExpressionKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ExpressionKeys.class);

    public static final String SANDBOX = "sandbox";
    public static final String TIMEOUT = "expression.timeout.ms";
    public static final long DEFAULT_TIMEOUT_MS = 100;
    public static final String REQUIRED_PROPERTY = "cdckit.expressions.sandbox.required";
    public static final String REQUIRED_ENV = "CDCKIT_EXPRESSIONS_SANDBOX_REQUIRED";

    private ExpressionKeys() {
    }

    /**
     * Declares an expression key ({@code names}: the variables it may name, null for any), required,
     * compiled with the configuration's {@value #SANDBOX} setting by its rule.
     */
    public static ConfigKeys expression(ConfigKeys keys, String key, Set<String> names, String doc) {
        return keys.string(key, null, doc)
                .required()
                .rule(values -> {
                    String text = values.string(key);
                    return text == null ? null : Expression.problem(text, names,
                            new ExpressionSettings(values.bool(SANDBOX, true), DEFAULT_TIMEOUT_MS));
                })
                .importance(ConfigDef.Importance.HIGH);
    }

    /** Declares {@value #SANDBOX} and {@value #TIMEOUT}. */
    public static void declare(ConfigKeys keys) {
        keys.bool(SANDBOX, true, "Whether expressions run in cdckit's sandbox (see SECURITY.md): only reads of the "
                        + "record and computations on text, numbers and collections, with a deadline and bounded sizes. "
                        + "false runs them as plain Groovy with every permission of the worker (logged as a warning), "
                        + "and is refused where the worker sets the system property " + REQUIRED_PROPERTY
                        + "=true or the environment variable " + REQUIRED_ENV + "=true.")
                .rule(values -> !values.bool(SANDBOX, true) && sandboxRequired()
                        ? "must be true: this worker requires sandboxed expressions (" + REQUIRED_PROPERTY + " / "
                        + REQUIRED_ENV + ")" : null)
                .importance(ConfigDef.Importance.LOW)
                .longValue(TIMEOUT, DEFAULT_TIMEOUT_MS, 0, 60_000, "How long one evaluation of an expression may run, "
                        + "in milliseconds from its first check, checked at loop heads, closure calls and inside "
                        + "regular-expression matching; a slower evaluation fails the record. The first evaluation on "
                        + "each task thread may take " + Expression.FIRST_RUN_GRACE_MILLIS + " ms more: it includes "
                        + "Groovy's linking of the expression (a few hundred milliseconds on a cold worker), and a "
                        + "runaway first evaluation fails that much later. 0: no deadline.")
                .importance(ConfigDef.Importance.LOW);
    }

    /** The settings of a configuration declared with {@link #declare}; warns when the sandbox is off. */
    public static ExpressionSettings settings(TransformConfig config, String plugin) {
        boolean sandbox = config.getBoolean(SANDBOX);
        if (!sandbox) {
            LOG.warn("{}: sandbox=false: its expressions run as plain Groovy, with every permission of the worker "
                    + "(files, processes, network, the worker's own classes)", plugin);
        }
        return new ExpressionSettings(sandbox, config.getLong(TIMEOUT));
    }

    /** Whether the worker forbids {@code sandbox=false}. */
    public static boolean sandboxRequired() {
        return Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY, "").trim())
                || Boolean.parseBoolean(String.valueOf(System.getenv(REQUIRED_ENV)).trim());
    }
}
