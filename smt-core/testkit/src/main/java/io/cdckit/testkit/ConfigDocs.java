package io.cdckit.testkit;

import io.cdckit.core.metrics.PluginStats;

import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's option reference, generated from a plugin's {@link ConfigDef}, and its metric
 * reference, generated from its {@link PluginStats}, and a check that README.md holds the current
 * text. A module's test calls {@link #assertReadmeCurrent}; with
 * {@code -Dcdckit.readme.update=true} the test rewrites the section instead of failing.
 *
 * <p>README sections are delimited by {@code <!-- config:<class> -->} and
 * {@code <!-- /config:<class> -->} lines.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /** A Markdown table of every key: name, type, default, valid values, importance, description. */
    public static String markdown(ConfigDef def) {
        StringBuilder b = new StringBuilder();
        b.append("| option | type | default | valid values | importance | description |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey k : def.configKeys().values()) {
            b.append("| `").append(k.name).append("` | ")
                    .append(k.type.name().toLowerCase()).append(" | ")
                    .append(defaultText(k)).append(" | ")
                    .append(validText(k)).append(" | ")
                    .append(k.importance.name().toLowerCase()).append(" | ")
                    .append(escape(k.documentation)).append(" |\n");
        }
        return b.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey k) {
        if (!k.hasDefault()) {
            return "(required)";
        }
        Object d = k.defaultValue;
        if (d == null) {
            return "(none)";
        }
        String s = d instanceof List ? String.join(",", ((List<?>) d).stream().map(String::valueOf).toList()) : String.valueOf(d);
        return s.isEmpty() ? "\"\"" : "`" + s + "`";
    }

    private static String validText(ConfigDef.ConfigKey k) {
        if (k.recommender != null) {
            List<Object> values;
            try {
                values = k.recommender.validValues(k.name, java.util.Map.of());
            } catch (org.apache.kafka.common.config.ConfigException e) {
                values = null; // a cross-key rule that no values at all break; the doc states it
            }
            if (values != null && !values.isEmpty()) {
                StringBuilder b = new StringBuilder();
                for (Object v : values) {
                    if (b.length() > 0) {
                        b.append(", ");
                    }
                    b.append('`').append(v).append('`');
                }
                return b.toString();
            }
        }
        return k.validator == null ? "" : escape(k.validator.toString());
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * Asserts that README.md (found from the module folder) holds {@link #markdown} of {@code def}
     * between the markers for {@code pluginClass}; rewrites it when {@code cdckit.readme.update=true}.
     */
    public static void assertReadmeCurrent(String pluginClass, ConfigDef def) throws IOException {
        assertSection("config:" + pluginClass, markdown(def), "option reference of " + pluginClass);
    }

    /** A Markdown table of a plugin's metrics: name and meaning. */
    public static String metricsMarkdown(PluginStats stats) {
        StringBuilder b = new StringBuilder("| metric | meaning |\n|---|---|\n");
        for (PluginStats.Metric m : stats.metrics()) {
            b.append("| `").append(m.name()).append("` | ").append(escape(m.description())).append(" |\n");
        }
        return b.toString();
    }

    /**
     * Asserts that README.md lists the metrics of {@code stats} between the markers
     * {@code <!-- metrics:<name> -->} and {@code <!-- /metrics:<name> -->}.
     */
    public static void assertMetricsCurrent(String name, PluginStats stats) throws IOException {
        assertSection("metrics:" + name, metricsMarkdown(stats), "metrics of " + name);
    }

    private static void assertSection(String marker, String expected, String what) throws IOException {
        Path readme = ProjectFiles.readme();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String start = "<!-- " + marker + " -->\n";
        String end = "<!-- /" + marker + " -->";
        int a = text.indexOf(start);
        int z = text.indexOf(end);
        boolean update = Boolean.getBoolean("cdckit.readme.update");
        if (a < 0 || z < a) {
            throw new AssertionError("README.md has no section " + start.trim() + " ... " + end + " for the " + what);
        }
        String current = text.substring(a + start.length(), z);
        if (!current.equals(expected)) {
            if (update) {
                Files.writeString(readme, text.substring(0, a + start.length()) + expected + text.substring(z),
                        StandardCharsets.UTF_8);
                return;
            }
            throw new AssertionError("README.md's " + what + " is out of date; run "
                    + "'mvn -B test -Dcdckit.readme.update=true' and commit README.md. Expected:\n" + expected);
        }
    }
}
