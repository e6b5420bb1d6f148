package io.cdckit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the cdckit source tree, for tests that check what a user reads (README.md, examples). */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The module under test: Maven's {@code basedir}, else the working directory. */
    public static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** The project root: the nearest folder above the module that holds {@code .ci/run}. */
    public static Path root() {
        for (Path p = moduleDir(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(".ci").resolve("run"))) {
                return p;
            }
        }
        throw new IllegalStateException("no folder above " + moduleDir() + " holds .ci/run");
    }

    /** The project's README.md. */
    public static Path readme() {
        return root().resolve("README.md");
    }
}
