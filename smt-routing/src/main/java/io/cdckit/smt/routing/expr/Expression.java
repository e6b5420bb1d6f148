package io.cdckit.smt.routing.expr;

import io.cdckit.core.record.WithheldException;

import groovy.lang.Binding;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;

import org.apache.kafka.connect.errors.DataException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Groovy expression compiled once into a class ({@link ExpressionCompiler}), evaluated many times:
 * each thread has one instance of the class, reused run after run, whose variable slots a
 * {@link Binder} fills from the input (a record, a row) before each run, and empties after it. Per
 * run nothing is made but what the expression itself makes.
 *
 * <p>A run fails with an {@link ExpressionException} whose message names constructs, types and
 * names only: a refusal of the sandbox, the deadline ({@code expression.timeout.ms}) or a size
 * bound passed (even when the expression catches the exception), or an error of the expression
 * (a missing field, a null dereferenced, ...), whose own message is withheld where it may quote a
 * value.
 *
 * <p>The deadline of a run is {@code expression.timeout.ms} from its first deadline check (its first
 * loop iteration, closure call or stretch of regular-expression matching, see {@link Guard#tick}):
 * a run that never loops, calls a closure or matches at length reads no clock, which would cost more
 * than the run; what runs before the first check is straight-line code, as long as the expression's
 * text and the size bounds allow. The first run of each thread's instance has
 * {@value #FIRST_RUN_GRACE_MILLIS} ms more: the first run on a thread includes Groovy's linking
 * (loading the classes the expression reaches, their meta-classes, the call sites Groovy still
 * dispatches), a few hundred milliseconds on a cold, loaded worker and no measure of the expression,
 * which would otherwise fail a healthy record. A runaway first run (an endless loop, a regular
 * expression that backtracks without end) still fails, that much later; later runs that reach a path
 * no run has taken yet pay its (much smaller) linking within the deadline.
 */
public final class Expression {

    /** What the first run of each thread's instance may take beyond {@code expression.timeout.ms}. */
    static final long FIRST_RUN_GRACE_MILLIS = 1_000;

    /** Compiled classes by (text, sandbox, variables), so that validation and configuration compile once. */
    private static final Map<List<Object>, ExpressionCompiler.Compiled> COMPILED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, ExpressionCompiler.Compiled> eldest) {
            return size() > 32;
        }
    };

    /** Fills the slots of a run from its input. */
    @FunctionalInterface
    public interface Binder<T> {
        /** @param slots one per name of {@link #variables()}, in that order */
        void bind(T input, Object[] slots);
    }

    private final String text;
    private final ExpressionCompiler.Compiled compiled;
    private final long timeoutNanos;
    private final long timeoutMillis;
    private final ThreadLocal<ExpressionScript> scripts;

    private Expression(String text, ExpressionCompiler.Compiled compiled, long timeoutMillis) {
        this.text = text;
        this.compiled = compiled;
        this.timeoutMillis = timeoutMillis;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.scripts = ThreadLocal.withInitial(this::newScript);
    }

    /**
     * Compiles {@code text}.
     *
     * @param names          the variables it may name; null: any name
     * @param timeoutMillis  the deadline of each run; 0: none
     * @throws IllegalArgumentException for a syntax error or what the sandbox refuses, naming the construct
     */
    public static Expression compile(String text, Set<String> names, ExpressionSettings settings) {
        Objects.requireNonNull(text, "text");
        List<Object> key = Arrays.asList(text, settings.sandbox(), names == null ? null : Set.copyOf(names));
        ExpressionCompiler.Compiled compiled;
        synchronized (COMPILED) {
            compiled = COMPILED.get(key);
        }
        if (compiled == null) {
            compiled = ExpressionCompiler.compile(text, new Variables(names), settings.sandbox());
            synchronized (COMPILED) {
                COMPILED.put(key, compiled);
            }
        }
        return new Expression(text, compiled, settings.timeoutMillis());
    }

    /** What is wrong with {@code text}, or null if it compiles. */
    public static String problem(String text, Set<String> names, ExpressionSettings settings) {
        try {
            compile(text, names, settings);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The text it was compiled from. */
    public String text() {
        return text;
    }

    /** The variables the expression names, in slot order. */
    public List<String> variables() {
        return compiled.variables();
    }

    /** Runs the expression on {@code input}, its slots filled by {@code binder}. */
    public <T> Object evaluate(Binder<T> binder, T input) {
        ExpressionScript s = scripts.get();
        try {
            binder.bind(input, s.slots);
            s.violation = null;
            s.budget = Bounds.BUDGET;
            s.timed = timeoutNanos > 0;
            s.clocked = false; // the clock starts at the run's first deadline check (Guard.tick), not here
            // the first run on a thread includes Groovy's linking: FIRST_RUN_GRACE_MILLIS more
            s.allowed = timeoutNanos + (s.ran ? 0 : FIRST_RUN_GRACE_MILLIS * 1_000_000L);
            s.ran = true;
            Object result;
            try {
                result = s.run();
            } catch (StackOverflowError e) {
                throw new ExpressionException("the expression recursed too deep (stack overflow)", null, false);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (ExpressionException e) {
                throw s.violation != null ? s.violation : e;
            } catch (Throwable t) {
                throw s.violation != null ? s.violation : failure(t);
            }
            if (s.violation != null) {
                throw s.violation;
            }
            return result;
        } finally {
            Arrays.fill(s.slots, null);
        }
    }

    /** The compiled class (tests: compiled once). */
    Class<? extends ExpressionScript> type() {
        return compiled.type();
    }

    /** This thread's instance (tests: one per thread, reused). */
    ExpressionScript script() {
        return scripts.get();
    }

    private ExpressionScript newScript() {
        try {
            ExpressionScript s = compiled.type().getDeclaredConstructor().newInstance();
            s.setBinding(new Binding());
            s.slots = new Object[compiled.variables().size()];
            s.timeoutMillis = timeoutMillis;
            return s;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the compiled expression could not be instantiated", e);
        }
    }

    /** An error of the expression itself, described by names and types only. */
    static ExpressionException failure(Throwable t) {
        String detail;
        if (t instanceof MissingPropertyException m) {
            detail = "no property '" + m.getProperty() + "' on " + AllowList.typeName(m.getType());
        } else if (t instanceof MissingMethodException m) {
            StringBuilder types = new StringBuilder();
            for (Object a : m.getArguments()) {
                types.append(types.length() == 0 ? "" : ", ").append(AllowList.typeName(a));
            }
            detail = "no method " + m.getMethod() + "(" + types + ") on " + AllowList.typeName(m.getType());
        } else if (t instanceof NullPointerException || t instanceof ArithmeticException
                || t instanceof ClassCastException && !(t instanceof org.codehaus.groovy.runtime.typehandling.GroovyCastException)) {
            detail = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        } else if (t instanceof DataException d && WithheldException.isValueFree(d)) {
            detail = String.valueOf(d.getMessage());
        } else if (t instanceof AssertionError) {
            detail = "an assert failed";
        } else {
            detail = "failed with " + t.getClass().getName();
        }
        return new ExpressionException(detail, WithheldException.of(t), false);
    }
}
