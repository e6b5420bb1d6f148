package io.cdckit.smt.routing.expr;

import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.stmt.SynchronizedStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * Compiles an expression's text into a class, once, at configure time: a Groovy script whose base
 * class is {@link ExpressionScript}, its variables turned into slots and, in the sandbox, its code
 * routed through {@link Guard} ({@link SandboxTransformer}) after two static filters
 * ({@link StructureCheck} right after parsing, Groovy's {@link SecureASTCustomizer} before the
 * transformation). Each expression gets a class loader of its own that finds no global AST
 * transformation (no {@code @Grab}), whatever the worker's class path holds.
 */
final class ExpressionCompiler {

    /**
     * Classes no sandboxed expression may call methods on or read properties of, refused where the
     * receiver's class is written out (by name: some are in JDK modules a worker may lack).
     */
    private static final List<String> RECEIVERS = List.of("java.lang.System", "java.lang.Runtime",
            "java.lang.ProcessBuilder", "java.lang.Process", "java.lang.ProcessHandle", "java.lang.Thread",
            "java.lang.ThreadGroup", "java.lang.Class", "java.lang.ClassLoader", "java.lang.reflect.Method",
            "java.lang.reflect.Field", "java.lang.reflect.Constructor", "java.lang.reflect.Array",
            "java.lang.reflect.Proxy", "java.lang.invoke.MethodHandles", "java.io.File", "java.nio.file.Files",
            "java.nio.file.Paths", "java.nio.file.Path", "java.nio.file.FileSystems", "java.net.URL", "java.net.URI",
            "java.net.Socket", "java.net.ServerSocket", "java.net.DatagramSocket", "java.net.InetAddress",
            "java.net.http.HttpClient", "groovy.util.Eval", "groovy.lang.GroovyShell", "groovy.lang.GroovyClassLoader",
            "groovy.lang.Script", "groovy.lang.GroovySystem", "groovy.lang.ExpandoMetaClass", "groovy.lang.MetaClass",
            "org.codehaus.groovy.runtime.InvokerHelper", "org.codehaus.groovy.runtime.DefaultGroovyMethods",
            "java.io.ObjectInputStream", "javax.script.ScriptEngineManager", "java.util.concurrent.Executors",
            "java.util.Timer");

    private static final String GRAB = "groovy.grape.GrabAnnotationTransformation";

    private ExpressionCompiler() {
    }

    /** A compiled expression: its class and the variables it names, in slot order. */
    record Compiled(Class<? extends ExpressionScript> type, List<String> variables) {
    }

    /**
     * @throws IllegalArgumentException with a message naming the construct (and line and column)
     *                                  for a syntax error or what the sandbox refuses
     */
    static Compiled compile(String text, Variables variables, boolean sandbox) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(ExpressionScript.class.getName());
        config.setDisabledGlobalASTTransformations(Set.of(GRAB));
        if (sandbox) {
            config.addCompilationCustomizers(new StructureCheck(), secure());
        }
        config.addCompilationCustomizers(new Rewrite(variables, sandbox));
        ClassLoader parent = ExpressionScript.class.getClassLoader();
        try {
            // not closed: the classes of its closures are defined through it while the expression lives
            Loader loader = new Loader(parent, config);
            Class<?> c = loader.parseClass(new GroovyCodeSource(text, "Expression", "/cdckit/expression"), false);
            return new Compiled(c.asSubclass(ExpressionScript.class), variables.used());
        } catch (CompilationFailedException e) {
            throw new IllegalArgumentException(describe(e), null);
        } catch (Refused e) {
            throw new IllegalArgumentException(e.getMessage(), null);
        }
    }

    private static SecureASTCustomizer secure() {
        SecureASTCustomizer s = new SecureASTCustomizer();
        s.setPackageAllowed(false);
        s.setMethodDefinitionAllowed(false);
        s.setClosuresAllowed(true);
        s.setAllowedImports(List.of());
        s.setAllowedStarImports(List.of());
        s.setAllowedStaticImports(List.of());
        s.setAllowedStaticStarImports(List.of());
        s.setDisallowedReceivers(RECEIVERS);
        s.setDisallowedStatements(List.of(SynchronizedStatement.class));
        return s;
    }

    /** The first error of a failed compilation, without Groovy's decoration. */
    private static String describe(CompilationFailedException e) {
        if (e instanceof MultipleCompilationErrorsException m && m.getErrorCollector().getErrorCount() > 0) {
            Message first = m.getErrorCollector().getError(0);
            if (first instanceof ExceptionMessage x) {
                Throwable cause = x.getCause();
                for (Throwable t = cause; t != null; t = t.getCause()) {
                    if (t instanceof Refused) {
                        return t.getMessage();
                    }
                }
                return cause instanceof SecurityException ? "the sandbox refuses it: " + cause.getMessage()
                        : String.valueOf(cause.getMessage());
            }
            if (first instanceof SyntaxErrorMessage s) {
                String message = s.getCause().getOriginalMessage();
                if (s.getCause().getCause() instanceof SecurityException) {
                    return "the sandbox refuses it: " + message;
                }
                return "is not a valid Groovy expression: " + message + " (line " + s.getCause().getLine()
                        + ", column " + s.getCause().getStartColumn() + ")";
            }
            if (first instanceof SimpleMessage s) {
                return s.getMessage();
            }
        }
        return "is not a valid Groovy expression";
    }

    /** The transformation, on the script's run method. */
    private static final class Rewrite extends CompilationCustomizer {
        private final Variables variables;
        private final boolean sandbox;

        Rewrite(Variables variables, boolean sandbox) {
            super(CompilePhase.CANONICALIZATION);
            this.variables = variables;
            this.sandbox = sandbox;
        }

        @Override
        public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
            if (!classNode.isScript()) {
                if (sandbox) {
                    throw new Refused("class definitions (" + classNode.getNameWithoutPackage() + ")", classNode);
                }
                return;
            }
            MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
            new SandboxTransformer(source, variables, sandbox).transformRun(run);
        }
    }

    /**
     * The class loader of one expression: Groovy's, except that it finds no global AST transformation,
     * so that none runs at compile time.
     */
    private static final class Loader extends GroovyClassLoader {
        Loader(ClassLoader parent, CompilerConfiguration config) {
            super(parent, config);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.contains("org.codehaus.groovy.transform.ASTTransformation")) {
                return Collections.emptyEnumeration();
            }
            return super.getResources(name);
        }
    }
}
