package io.cdckit.testkit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Compiles Java sources at test time (for test plugins that must not be on the test class path). */
public final class JavaSources {

    private JavaSources() {
    }

    /** The class path the tests run with (surefire/failsafe put it in {@code surefire.test.class.path}). */
    public static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path");
    }

    /** Compiles every {@code .java} file under {@code sourceRoot} into {@code out}, against the test class path. */
    public static void compileTree(Path sourceRoot, Path out) throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.walk(sourceRoot)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).collect(Collectors.toList());
        }
        compile(files, out);
    }

    /** Writes {@code sources} (fully qualified class name to source text) under a temp folder and compiles them into {@code out}. */
    public static void compile(Map<String, String> sources, Path out) throws IOException {
        Path src = Files.createTempDirectory("cdckit-src-");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        compile(files, out);
    }

    private static void compile(List<String> files, Path out) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests need a JDK (javax.tools compiler)");
        }
        List<String> args = new ArrayList<>(List.of("-proc:none", "--release", "17", "-classpath", testClassPath(),
                "-d", out.toString()));
        args.addAll(files);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("compilation failed:\n" + err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Jars a folder (classes and resources). */
    public static Path jar(Path dir, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(dir.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
