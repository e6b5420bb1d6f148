package io.cdckit.smt.routing.expr;

import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.stmt.CatchStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * The first check of a sandboxed expression, right after parsing (before Groovy resolves names or
 * runs any AST transformation): an expression is the body of one script and nothing else. No
 * package, no imports, no classes, no methods, no fields, and no annotations anywhere, so that no
 * AST transformation ({@code @Grab}, {@code @ASTTest}, {@code @BaseScript}, ...) ever runs on it.
 */
final class StructureCheck extends CompilationCustomizer {

    StructureCheck() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        ModuleNode module = source.getAST();
        if (module.getPackage() != null) {
            throw new Refused("package declarations", module.getPackage());
        }
        if (!module.getImports().isEmpty() || !module.getStarImports().isEmpty()
                || !module.getStaticImports().isEmpty() || !module.getStaticStarImports().isEmpty()) {
            throw new Refused("imports", null);
        }
        for (ClassNode c : module.getClasses()) {
            if (!c.isScript()) {
                throw new Refused("class definitions (" + c.getNameWithoutPackage() + ")", c);
            }
            for (org.codehaus.groovy.ast.AnnotationNode a : c.getAnnotations()) {
                // the compiler's own, for the base class: no expression text can annotate the script class
                if (!a.getClassNode().getName().equals(groovy.transform.BaseScript.class.getName())) {
                    throw new Refused("annotations (@" + a.getClassNode().getNameWithoutPackage() + ")", a);
                }
            }
            if (!c.getFields().isEmpty() || !c.getProperties().isEmpty()) {
                throw new Refused("fields", c);
            }
            for (MethodNode m : c.getMethods()) {
                if (!m.getName().equals("run") && !m.getName().equals("main")) {
                    throw new Refused("method definitions (" + m.getName() + ")", m);
                }
                annotations(m);
            }
            MethodNode run = c.getMethod("run", Parameter.EMPTY_ARRAY);
            if (run != null && run.getCode() != null) {
                run.getCode().visit(new Annotations());
            }
        }
    }

    private static void annotations(AnnotatedNode node) {
        if (!node.getAnnotations().isEmpty()) {
            throw new Refused("annotations (@" + node.getAnnotations().get(0).getClassNode().getNameWithoutPackage()
                    + ")", node.getAnnotations().get(0));
        }
    }

    /** Finds annotations on declarations and on closure and catch parameters. */
    private static final class Annotations extends CodeVisitorSupport {
        @Override
        public void visitDeclarationExpression(DeclarationExpression expression) {
            annotations(expression);
            super.visitDeclarationExpression(expression);
        }

        @Override
        public void visitClosureExpression(ClosureExpression expression) {
            if (expression.getParameters() != null) {
                for (Parameter p : expression.getParameters()) {
                    annotations(p);
                }
            }
            super.visitClosureExpression(expression);
        }

        @Override
        public void visitCatchStatement(CatchStatement statement) {
            annotations(statement.getVariable());
            super.visitCatchStatement(statement);
        }
    }
}
