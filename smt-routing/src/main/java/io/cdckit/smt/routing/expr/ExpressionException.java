package io.cdckit.smt.routing.expr;

import org.apache.kafka.connect.errors.DataException;

/**
 * An expression that failed on a record: a refusal of the sandbox, a timeout, a size bound, or an
 * error of the expression itself. Its message names constructs, types and names, never a value of
 * the record; the transform that ran the expression adds itself, the key, the expression and where the
 * record is. The cause of an error of the expression itself has its message withheld.
 */
public class ExpressionException extends DataException {

    private final boolean sandbox;

    ExpressionException(String message, Throwable cause, boolean sandbox) {
        super(message, cause);
        this.sandbox = sandbox;
    }

    static ExpressionException refused(String message) {
        return new ExpressionException(message, null, true);
    }

    /** Whether the sandbox refused the run (a forbidden construct, a timeout, a size bound). */
    public boolean bySandbox() {
        return sandbox;
    }
}
