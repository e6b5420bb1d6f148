package io.cdckit.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built plugin archives the demo installs on the worker's {@code plugin.path}: each found
 * through its system property (the build's failsafe and run-demo.sh set them), else as the newest
 * {@code cdckit-<plugin>-<version>.zip} in the module's {@code target/plugin/} under the current or
 * the parent folder.
 */
public enum PluginArchives {
    UNWRAP("cdckit.demo.unwrap.archive", "smt-unwrap", "cdckit-smt-unwrap-"),
    CORE("cdckit.examples.smtcore.archive", "smt-core/transforms", "cdckit-smt-core-"),
    MASKING("cdckit.examples.masking.archive", "smt-masking", "cdckit-smt-masking-"),
    ROUTING("cdckit.examples.routing.archive", "smt-routing", "cdckit-smt-routing-"),
    ENRICH("cdckit.examples.enrich.archive", "smt-enrich", "cdckit-smt-enrich-"),
    CONVERTERS("cdckit.examples.converters.archive", "converters", "cdckit-converters-");

    private final String property;
    private final String module;
    private final String prefix;

    PluginArchives(String property, String module, String prefix) {
        this.property = property;
        this.module = module;
        this.prefix = prefix;
    }

    /** The system property that names this archive. */
    public String property() {
        return property;
    }

    /** The archive of {@code Unwrap}'s plugin, which every example pipeline installs. */
    public static Path unwrap() {
        return UNWRAP.find();
    }

    /** Every plugin's archive, in declaration order. */
    public static List<Path> all() {
        List<Path> out = new ArrayList<>();
        for (PluginArchives a : values()) {
            out.add(a.find());
        }
        return out;
    }

    /** This plugin's archive; fails naming the folder searched when it has not been built. */
    public Path find() {
        String prop = System.getProperty(property);
        if (prop != null && !prop.isBlank()) {
            Path zip = Path.of(prop);
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("plugin archive not found: " + zip + " (system property " + property + ")");
            }
            return zip;
        }
        String folder = module + "/target/plugin";
        for (Path base : List.of(Path.of(""), Path.of(".."))) {
            Path newest = newest(base.resolve(folder));
            if (newest != null) {
                return newest.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("the " + prefix + "<version>.zip plugin archive was not found in " + folder
                + ": build it (mvn -DskipTests package -pl examples -am) or set -D" + property + "=<zip>");
    }

    private Path newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path newest = null;
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, prefix + "*.zip")) {
            for (Path zip : zips) {
                if (newest == null || Files.getLastModifiedTime(zip).compareTo(Files.getLastModifiedTime(newest)) > 0) {
                    newest = zip;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return newest;
    }
}
