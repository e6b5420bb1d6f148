package io.cdckit.smt.routing.expr;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.VariableExpression;

import java.util.Set;

/**
 * The checks {@link SandboxTransformer} makes on what it sees at compile time, each refusing with a
 * {@link Refused} naming the construct: assignment targets, declared types, named classes, and the
 * names no receiver may be asked for.
 */
final class StaticChecks {

    /** Method names refused at configure time whatever the receiver (the runtime check would refuse them too). */
    static final Set<String> NEVER_CALLED = Set.of("getClass", "getMetaClass", "setMetaClass", "metaClass",
            "invokeMethod", "getProperty", "setProperty", "execute", "evaluate", "with", "tap", "identity", "forName",
            "getClassLoader", "newInstance", "wait", "notify", "notifyAll", "addShutdownHook", "use", "mixin",
            "print", "println", "printf", "sleep", "getDeclaredField", "getDeclaredMethod", "getDeclaredFields",
            "getDeclaredMethods", "getMethod", "getMethods", "getField", "getFields", "setDelegate", "rehydrate",
            "setResolveStrategy", "asType");
    /** Property names refused at configure time (Map and Struct entries of these names: {@code get('class')}). */
    static final Set<String> NEVER_READ = Set.of("class", "metaClass", "classLoader");

    private StaticChecks() {
    }

    /** An assignment's or increment's target must be a local variable of the expression. */
    static void local(Expression target, ASTNode where) {
        if (target instanceof VariableExpression v && !v.isThisExpression() && !v.isSuperExpression()
                && !(v.getAccessedVariable() instanceof DynamicVariable)) {
            return;
        }
        throw new Refused("assigning to '" + target.getText() + "' (only local variables of the expression can be "
                + "assigned)", where);
    }

    static void declaredType(ClassNode type, ASTNode where) {
        if (type == null || type.equals(ClassHelper.OBJECT_TYPE) || ClassHelper.isDynamicTyped(type)) {
            return;
        }
        allowedType(type, "the declared type ", where);
    }

    static Class<?> allowedType(ClassNode type, String what, ASTNode where) {
        Class<?> c = resolved(type);
        if (c == null || !AllowList.castAllowed(c)) {
            throw new Refused(what + type.getName(), where);
        }
        return c;
    }

    static void allowedClass(ClassNode type, ASTNode where) {
        Class<?> c = resolved(type);
        if (c == null || !AllowList.classAllowed(c)) {
            throw new Refused("the class " + type.getName(), where);
        }
    }

    static Class<?> resolved(ClassNode type) {
        if (type.isArray()) {
            return null;
        }
        try {
            return type.isResolved() || ClassHelper.isPrimitiveType(type) ? type.getTypeClass() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
