package io.cdckit.smt.routing.expr;

/**
 * How an expression is compiled and run: in the sandbox or not, and the deadline of each run
 * ({@code 0}: none).
 */
public record ExpressionSettings(boolean sandbox, long timeoutMillis) {

    /** The defaults: sandboxed, 100 ms. */
    public static final ExpressionSettings DEFAULT = new ExpressionSettings(true, ExpressionKeys.DEFAULT_TIMEOUT_MS);
}
