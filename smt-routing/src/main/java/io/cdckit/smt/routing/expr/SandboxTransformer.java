/*
 * Over 400 lines because it is one visitor: the rewrite of each kind of expression and the static
 * refusals must be read together to see that nothing reaches Groovy's dispatch without the checker.
 */
package io.cdckit.smt.routing.expr;

import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.Variable;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BitwiseNegationExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ClosureListExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.FieldExpression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PostfixExpression;
import org.codehaus.groovy.ast.expr.PrefixExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.RangeExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.UnaryPlusExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.CaseStatement;
import org.codehaus.groovy.ast.stmt.DoWhileStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.SwitchStatement;
import org.codehaus.groovy.ast.stmt.WhileStatement;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compile-time transformation of an expression's code (the script's {@code run} method and
 * its closures), after Groovy's semantic analysis.
 *
 * <p>Always: each variable the expression names (a dynamic variable in Groovy's terms) reads its
 * slot ({@link Guard#var}), an unknown name being a configuration mistake where the names are fixed;
 * loop bodies and closures start with a deadline check ({@link Guard#tick}), the first of which starts
 * the run's clock.
 *
 * <p>In the sandbox, besides: every method call, property read, subscript, operator that Groovy
 * dispatches as a method, constructor call, cast, range, GString and regex operator becomes a call of
 * {@link Guard}, which decides at run time by the receiver's type; and what is visible here is refused
 * at once ({@link Refused}): calls without a receiver ({@code println}, {@code evaluate}, {@code sleep}),
 * {@code this} and {@code super}, attribute and field access, method pointers and references, arrays,
 * static calls, classes outside {@link AllowList}, declared types outside the allowed conversions,
 * assignments to anything but local variables, and a few names that are never
 * allowed ({@link StaticChecks#NEVER_CALLED}, {@link StaticChecks#NEVER_READ}); {@code synchronized} is
 * refused before, by Groovy's {@code SecureASTCustomizer} ({@link ExpressionCompiler}).
 */
final class SandboxTransformer extends ClassCodeExpressionTransformer {

    private static final ClassNode GUARD = ClassHelper.make(Guard.class);

    /** The method Groovy calls for each operator. */
    private static final Map<Integer, String> OPERATORS = Map.ofEntries(
            Map.entry(Types.PLUS, "plus"), Map.entry(Types.MINUS, "minus"), Map.entry(Types.MULTIPLY, "multiply"),
            Map.entry(Types.DIVIDE, "div"), Map.entry(Types.INTDIV, "intdiv"), Map.entry(Types.MOD, "mod"),
            Map.entry(Types.POWER, "power"), Map.entry(Types.LEFT_SHIFT, "leftShift"),
            Map.entry(Types.RIGHT_SHIFT, "rightShift"), Map.entry(Types.RIGHT_SHIFT_UNSIGNED, "rightShiftUnsigned"),
            Map.entry(Types.BITWISE_AND, "and"), Map.entry(Types.BITWISE_OR, "or"), Map.entry(Types.BITWISE_XOR, "xor"));
    /** The operator of each compound assignment. */
    private static final Map<Integer, Integer> COMPOUND = Map.ofEntries(
            Map.entry(Types.PLUS_EQUAL, Types.PLUS), Map.entry(Types.MINUS_EQUAL, Types.MINUS),
            Map.entry(Types.MULTIPLY_EQUAL, Types.MULTIPLY), Map.entry(Types.DIVIDE_EQUAL, Types.DIVIDE),
            Map.entry(Types.INTDIV_EQUAL, Types.INTDIV), Map.entry(Types.MOD_EQUAL, Types.MOD),
            Map.entry(Types.POWER_EQUAL, Types.POWER), Map.entry(Types.LEFT_SHIFT_EQUAL, Types.LEFT_SHIFT),
            Map.entry(Types.RIGHT_SHIFT_EQUAL, Types.RIGHT_SHIFT),
            Map.entry(Types.RIGHT_SHIFT_UNSIGNED_EQUAL, Types.RIGHT_SHIFT_UNSIGNED),
            Map.entry(Types.BITWISE_AND_EQUAL, Types.BITWISE_AND), Map.entry(Types.BITWISE_OR_EQUAL, Types.BITWISE_OR),
            Map.entry(Types.BITWISE_XOR_EQUAL, Types.BITWISE_XOR));

    private final SourceUnit source;
    private final Variables variables;
    private final boolean sandbox;

    SandboxTransformer(SourceUnit source, Variables variables, boolean sandbox) {
        this.source = source;
        this.variables = variables;
        this.sandbox = sandbox;
    }

    @Override
    protected SourceUnit getSourceUnit() {
        return source;
    }

    /**
     * Transforms the expression's code: the script's {@code run} method (no deadline check at its start:
     * a run's clock starts at its first check, so that straight-line code reads none).
     */
    void transformRun(MethodNode run) {
        run.getCode().visit(this);
    }

    // ------------------------------------------------------------------ statements

    /**
     * A switch's cases: constants, classes and lists or ranges of constants only, as Groovy matches
     * anything else (a pattern, a closure) in its own code, where no deadline reaches.
     */
    @Override
    public void visitSwitch(SwitchStatement statement) {
        if (sandbox) {
            for (CaseStatement c : statement.getCaseStatements()) {
                if (!constantCase(c.getExpression())) {
                    throw new Refused("a switch case that is not a constant, a class, or a list or range of "
                            + "constants (match patterns with ==~)", c);
                }
            }
        }
        super.visitSwitch(statement);
    }

    private static boolean constantCase(Expression e) {
        if (e instanceof ConstantExpression || e instanceof ClassExpression) {
            return true;
        }
        if (e instanceof ListExpression l) {
            return l.getExpressions().stream().allMatch(x -> x instanceof ConstantExpression);
        }
        return e instanceof RangeExpression r && r.getFrom() instanceof ConstantExpression
                && r.getTo() instanceof ConstantExpression;
    }

    @Override
    public void visitForLoop(ForStatement loop) {
        if (sandbox) {
            StaticChecks.declaredType(loop.getVariable().getOriginType(), loop);
        }
        super.visitForLoop(loop);
        loop.setLoopBlock(ticked(loop.getLoopBlock()));
    }

    @Override
    public void visitWhileLoop(WhileStatement loop) {
        super.visitWhileLoop(loop);
        loop.setLoopBlock(ticked(loop.getLoopBlock()));
    }

    @Override
    public void visitDoWhileLoop(DoWhileStatement loop) {
        super.visitDoWhileLoop(loop);
        loop.setLoopBlock(ticked(loop.getLoopBlock()));
    }

    private Statement ticked(Statement body) {
        Statement tick = new ExpressionStatement(guard("tick"));
        if (body instanceof BlockStatement block) {
            block.getStatements().add(0, tick);
            return block;
        }
        BlockStatement block = new BlockStatement();
        block.addStatement(tick);
        block.addStatement(body);
        return block;
    }

    // ------------------------------------------------------------------ expressions

    @Override
    public Expression transform(Expression e) {
        if (e == null) {
            return null;
        }
        if (e instanceof ClosureExpression c) {
            return closure(c);
        }
        if (e instanceof VariableExpression v) {
            return variable(v);
        }
        if (!sandbox) {
            return e.transformExpression(this);
        }
        Expression out = sandboxed(e);
        if (out != e) {
            out.setSourcePosition(e);
        }
        return out;
    }

    private Expression sandboxed(Expression e) {
        if (e instanceof MethodCallExpression m) {
            return call(m);
        }
        if (e instanceof AttributeExpression) {
            throw new Refused("attribute access (" + e.getText() + ")", e);
        }
        if (e instanceof PropertyExpression p) {
            return property(p);
        }
        if (e instanceof DeclarationExpression d) {
            return declaration(d);
        }
        if (e instanceof BinaryExpression b) {
            return binary(b);
        }
        if (e instanceof ConstructorCallExpression c) {
            return construct(c);
        }
        if (e instanceof CastExpression c) {
            Class<?> type = StaticChecks.allowedType(c.getType(), "a conversion to ", c);
            return guard("cast", transform(c.getExpression()), new ClassExpression(ClassHelper.make(type)),
                    bool(c.isCoerce()));
        }
        if (e instanceof RangeExpression r) {
            return guard("range", transform(r.getFrom()), transform(r.getTo()),
                    bool(r.isExclusiveLeft()),
                    bool(r.isExclusiveRight()));
        }
        if (e instanceof GStringExpression g) {
            return guard("text", list(g.getValues()), new ListExpression(new ArrayList<>(g.getStrings())));
        }
        if (e instanceof UnaryMinusExpression u) {
            return guard("unary", new ConstantExpression("negative"), transform(u.getExpression()));
        }
        if (e instanceof UnaryPlusExpression u) {
            return guard("unary", new ConstantExpression("positive"), transform(u.getExpression()));
        }
        if (e instanceof BitwiseNegationExpression u) {
            return guard("unary", new ConstantExpression("bitwiseNegate"), transform(u.getExpression()));
        }
        if (e instanceof PrefixExpression || e instanceof PostfixExpression) {
            StaticChecks.local(e instanceof PrefixExpression p ? p.getExpression() : ((PostfixExpression) e).getExpression(), e);
            return e;
        }
        if (e instanceof ClassExpression c) {
            StaticChecks.allowedClass(c.getType(), c);
            return c;
        }
        if (e instanceof MethodPointerExpression) {
            throw new Refused("method pointers and references (" + e.getText() + ")", e);
        }
        if (e instanceof StaticMethodCallExpression s) {
            throw new Refused("calling '" + s.getMethod() + "()' without a receiver", e);
        }
        if (e instanceof ArrayExpression) {
            throw new Refused("creating arrays", e);
        }
        if (e instanceof FieldExpression) {
            throw new Refused("field access", e);
        }
        if (e instanceof ListExpression && !(e instanceof ClosureListExpression) || e instanceof MapExpression) {
            Expression built = e.transformExpression(this);
            built.setSourcePosition(e);
            return guard("literal", built);
        }
        return e.transformExpression(this);
    }

    private Expression variable(VariableExpression v) {
        if (v.isThisExpression() || v.isSuperExpression()) {
            if (sandbox) {
                throw new Refused("'" + v.getName() + "'", v);
            }
            return v;
        }
        Variable accessed = v.getAccessedVariable();
        if (!(accessed instanceof DynamicVariable)) {
            return v; // a local variable or a closure's parameter
        }
        int slot = variables.slot(v.getName());
        if (slot < 0) {
            if (!sandbox) {
                return v; // Groovy resolves it at run time (a closure's delegate), or fails
            }
            throw new Refused("the unknown variable '" + v.getName() + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(variables.known())) + ")", v);
        }
        Expression read = guard("var", new ConstantExpression(slot, true));
        read.setSourcePosition(v);
        return read;
    }

    private Expression closure(ClosureExpression c) {
        if (c.getParameters() != null) {
            for (Parameter p : c.getParameters()) {
                if (sandbox) {
                    StaticChecks.declaredType(p.getOriginType(), c);
                }
                if (p.hasInitialExpression()) {
                    p.setInitialExpression(transform(p.getInitialExpression()));
                }
            }
        }
        c.getCode().visit(this);
        c.setCode(ticked(c.getCode()));
        return c;
    }

    private Expression call(MethodCallExpression m) {
        String name = m.getMethodAsString();
        if (m.isImplicitThis()) {
            throw new Refused("calling '" + (name == null ? m.getMethod().getText() : name)
                    + "()' without a receiver (println, evaluate, sleep and the script's own methods are not "
                    + "expressions)", m);
        }
        if (name != null && StaticChecks.NEVER_CALLED.contains(name)) {
            throw new Refused("calling '" + name + "()'", m);
        }
        return guard("call", transform(m.getObjectExpression()), name(m.getMethod()),
                bool(m.isSafe()), bool(m.isSpreadSafe()),
                arguments(m.getArguments()));
    }

    private Expression property(PropertyExpression p) {
        String name = p.getPropertyAsString();
        if (name != null && StaticChecks.NEVER_READ.contains(name)) {
            throw new Refused("the property '" + name + "'", p);
        }
        return guard("property", transform(p.getObjectExpression()), name(p.getProperty()),
                bool(p.isSafe()), bool(p.isSpreadSafe()));
    }

    /** A method or property name: as written, or computed ({@link Guard#computed}: withheld from messages). */
    private Expression name(Expression name) {
        return name instanceof ConstantExpression ? name : guard("computed", transform(name));
    }

    private Expression declaration(DeclarationExpression d) {
        if (d.isMultipleAssignmentDeclaration()) {
            for (Expression v : d.getTupleExpression().getExpressions()) {
                StaticChecks.declaredType(v.getType(), d);
            }
        } else {
            StaticChecks.declaredType(d.getVariableExpression().getOriginType(), d);
        }
        d.setRightExpression(transform(d.getRightExpression()));
        return d;
    }

    private Expression binary(BinaryExpression b) {
        int op = b.getOperation().getType();
        if (Types.isAssignment(op)) {
            Expression left = b.getLeftExpression();
            if (left instanceof TupleExpression t) {
                for (Expression each : t.getExpressions()) {
                    StaticChecks.local(each, b);
                }
            } else {
                StaticChecks.local(left, b);
            }
            Integer compound = COMPOUND.get(op);
            Expression right = transform(b.getRightExpression());
            if (compound == null) {
                b.setRightExpression(right);
                return b;
            }
            Expression value = guard("operator", new ConstantExpression(OPERATORS.get(compound)), left, right);
            BinaryExpression assign = new BinaryExpression(left, org.codehaus.groovy.syntax.Token.newSymbol(
                    Types.EQUAL, b.getOperation().getStartLine(), b.getOperation().getStartColumn()), value);
            assign.setSourcePosition(b);
            return assign;
        }
        if (op == Types.LEFT_SQUARE_BRACKET) {
            return guard("subscript", transform(b.getLeftExpression()), transform(b.getRightExpression()),
                    bool(b.isSafe()), bool(!(b.getRightExpression() instanceof ConstantExpression)));
        }
        String method = OPERATORS.get(op);
        if (method != null) {
            return guard("operator", new ConstantExpression(method), transform(b.getLeftExpression()),
                    transform(b.getRightExpression()));
        }
        if (op == Types.MATCH_REGEX) {
            return guard("matches", transform(b.getLeftExpression()), transform(b.getRightExpression()));
        }
        if (op == Types.KEYWORD_IN || op == Types.COMPARE_NOT_IN) {
            return guard("in", transform(b.getLeftExpression()), transform(b.getRightExpression()),
                    bool(op == Types.COMPARE_NOT_IN));
        }
        if (op == Types.FIND_REGEX) {
            return guard("find", transform(b.getLeftExpression()), transform(b.getRightExpression()));
        }
        return b.transformExpression(this); // comparisons, logic, in, instanceof: no call of the operands' methods
    }

    private Expression construct(ConstructorCallExpression c) {
        if (c.isSpecialCall() || c.isUsingAnonymousInnerClass()) {
            throw new Refused("class definitions", c);
        }
        Class<?> type = StaticChecks.resolved(c.getType());
        if (type == null || !AllowList.constructorAllowed(type)) {
            throw new Refused("creating a " + c.getType().getName(), c);
        }
        return guard("construct", new ClassExpression(c.getType()), arguments(c.getArguments()));
    }

    // ------------------------------------------------------------------ building

    /** A call's arguments as a list expression (spread arguments spread into it). */
    private Expression arguments(Expression args) {
        List<Expression> out = new ArrayList<>();
        if (args instanceof TupleExpression t) {
            for (Expression a : t.getExpressions()) {
                out.add(transform(a));
            }
        } else if (args != null) {
            out.add(transform(args));
        }
        return new ListExpression(out);
    }

    private ListExpression list(List<Expression> expressions) {
        List<Expression> out = new ArrayList<>();
        for (Expression e : expressions) {
            out.add(transform(e));
        }
        return new ListExpression(out);
    }

    private static Expression bool(boolean b) {
        return new ConstantExpression(b, true);
    }

    /**
     * {@code Guard.method(this, args...)}, written as a direct {@code invokestatic} of that method: the
     * call carries its target ({@link MethodCallExpression#setMethodTarget}), which Groovy's dynamic
     * {@code InvocationWriter} honours, so that no call site of Groovy's dispatch (linked on the first
     * run, its argument classes checked on each) stands between the expression and the sandbox. Each
     * argument is converted to the parameter's type at compile time as Groovy converts a method's
     * arguments (boxing for {@code Object}); a mismatch is a mistake here, found by the first compilation.
     */
    private static Expression guard(String method, Expression... args) {
        List<Expression> all = new ArrayList<>();
        all.add(new VariableExpression("this"));
        all.addAll(List.of(args));
        MethodCallExpression call = new MethodCallExpression(new ClassExpression(GUARD), method,
                new ArgumentListExpression(all));
        call.setImplicitThis(false);
        call.setMethodTarget(target(method, all.size()));
        return call;
    }

    /** The public static method {@code Guard.method} of {@code arity} parameters; exactly one must exist. */
    private static MethodNode target(String method, int arity) {
        MethodNode found = null;
        for (MethodNode m : GUARD.getMethods(method)) {
            if (m.isPublic() && m.isStatic() && m.getParameters().length == arity) {
                if (found != null) {
                    throw new IllegalStateException("Guard." + method + " is overloaded with " + arity + " parameters");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no public static Guard." + method + " with " + arity + " parameters");
        }
        return found;
    }
}
