package io.cdckit.smt.routing.expr;

import groovy.lang.Script;

/**
 * The base class of every compiled expression: the state of one thread's evaluations. Each thread
 * that evaluates an expression has one instance of its class ({@link Expression}), reused record
 * after record: the variables the expression names are slots filled before each run (no binding
 * map), and the run's deadline and size budget are fields that the calls the sandbox inserted
 * ({@link Guard}) read. Public because the generated class, in a class loader of its own, extends it;
 * nothing here is meant for other code.
 */
public abstract class ExpressionScript extends Script {

    /** The values of the variables the expression names, in the order of {@link Expression#variables()}. */
    Object[] slots = new Object[0];
    /** {@link System#nanoTime()} past which the run fails, once its clock has started ({@link #clocked}). */
    long deadline;
    /** Whether {@link #deadline} applies. */
    boolean timed;
    /** Whether the run's clock has started, at its first deadline check ({@link Guard#tick}): then + {@link #allowed}. */
    boolean clocked;
    /** How long the run may take from its first deadline check, in nanoseconds. */
    long allowed;
    /** Whether this instance has run (its first run has a longer deadline, see {@link Expression}). */
    boolean ran;
    /** The timeout, for messages. */
    long timeoutMillis;
    /** What the run may still build (characters of text, elements of collections), see {@link Bounds}. */
    long budget;
    /**
     * The first refusal or timeout of this run. An expression that catches the exception ({@code try ...
     * catch (e)}) still fails: the run's result is replaced by this.
     */
    ExpressionException violation;
    /** Compiled patterns of this thread's runs, by regex text. */
    final Patterns patterns = new Patterns();

    protected ExpressionScript() {
    }

    /** The exception {@code e}, remembered as this run's violation if it is the first. */
    ExpressionException violated(ExpressionException e) {
        if (violation == null) {
            violation = e;
        }
        return e;
    }
}
