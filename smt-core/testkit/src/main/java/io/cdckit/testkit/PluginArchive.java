package io.cdckit.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A plugin archive in the Confluent Hub component layout: writing it
 * ({@code <name>-<version>[-kafka39]/manifest.json} and {@code .../lib/*.jar}) and checking a
 * written one against what its jars hold. {@link PluginPackager} runs both in the build.
 */
public final class PluginArchive {

    private PluginArchive() {
    }

    /**
     * Writes {@code <out>/<name>-<version><suffix>.zip} (suffix {@code -kafka39} for the Kafka 3.9
     * build, else none); returns its path.
     */
    public static Path write(Path outDir, Map<String, String> opts, List<Path> jars) throws IOException {
        String name = opts.get("name");
        String version = opts.get("version");
        String base = name + "-" + version + opts.getOrDefault("suffix", "");
        String root = base + "/";
        Files.createDirectories(outDir);
        Path zip = outDir.resolve(base + ".zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry(root));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(root + "manifest.json"));
            out.write(manifestJson(opts).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(root + "lib/"));
            out.closeEntry();
            for (Path jar : jars) {
                out.putNextEntry(new ZipEntry(root + "lib/" + jar.getFileName()));
                Files.copy(jar, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    static String manifestJson(Map<String, String> opts) {
        String kafka = opts.getOrDefault("kafka-version", "");
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        field(b, "name", opts.get("name"));
        field(b, "version", opts.get("version"));
        field(b, "title", opts.getOrDefault("title", opts.get("name")));
        field(b, "description", opts.getOrDefault("description", ""));
        b.append("  \"owner\": {\n    \"username\": \"cdckit\",\n    \"name\": \"cdckit\"\n  },\n");
        b.append("  \"component_types\": ").append(array(opts.getOrDefault("component-types", "transform"))).append(",\n");
        b.append("  \"license\": [\n    {\n      \"name\": \"Apache License 2.0\",\n")
                .append("      \"url\": \"https://www.apache.org/licenses/LICENSE-2.0\"\n    }\n  ],\n");
        boolean kafka39 = opts.getOrDefault("suffix", "").equals("-kafka39");
        b.append("  \"requirements\": ").append(array((kafka39
                        ? "Kafka Connect 3.9 or 4.0 (no plugin metrics; built against " : "Kafka Connect 4.1 or later (built against ")
                        + kafka + "),Java 17+"))
                .append(",\n");
        boolean transforms = Arrays.asList(opts.getOrDefault("component-types", "").split(",")).contains("transform");
        b.append("  \"features\": {\n    \"supported_encodings\": [\"any\"],\n    \"single_message_transforms\": ")
                .append(transforms).append(",\n")
                .append("    \"confluent_control_center_integration\": false,\n    \"kafka_connect_api\": true,\n")
                .append("    \"delivery_guarantee\": [\"at_least_once\"],\n    \"tags\": ")
                .append(array(opts.getOrDefault("features", ""))).append("\n  }\n");
        b.append("}\n");
        return b.toString();
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append("  \"").append(key).append("\": \"").append(escape(value)).append("\",\n");
    }

    private static String array(String commaList) {
        return Arrays.stream(commaList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> "\"" + escape(s) + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : (s == null ? "" : s).toCharArray()) {
            switch (ch) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                default:
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
            }
        }
        return b.toString();
    }

    /**
     * Compares a written archive's manifest with what its jars hold: the component types and the
     * {@code single_message_transforms} feature must be those of the plugins the jars' service files
     * list, and the root folder must be the archive's name. Returns one line per mismatch.
     */
    public static List<String> check(Path zip) throws IOException {
        Map<String, Set<String>> listed = new LinkedHashMap<>();
        PluginPackager.PLUGIN_INTERFACES.forEach(i -> listed.put(i, new TreeSet<>()));
        String manifest = null;
        String root = zip.getFileName().toString().replaceFirst("\\.zip$", "") + "/";
        List<String> problems = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (!e.getName().startsWith(root)) {
                    problems.add("entry " + e.getName() + " is outside the root folder " + root);
                } else if (e.getName().equals(root + "manifest.json")) {
                    manifest = new String(z.readAllBytes(), StandardCharsets.UTF_8);
                } else if (e.getName().endsWith(".jar")) {
                    readJarServices(z.readAllBytes(), listed);
                }
            }
        }
        if (manifest == null) {
            problems.add("no " + root + "manifest.json");
            return problems;
        }
        JsonNode m = JsonRecords.MAPPER.readTree(manifest);
        List<String> declared = new ArrayList<>();
        m.path("component_types").forEach(t -> declared.add(t.asText()));
        List<String> held = PluginPackager.componentTypes(listed);
        if (!new TreeSet<>(declared).equals(new TreeSet<>(held))) {
            problems.add("manifest component_types " + declared + " but the jars hold " + held);
        }
        boolean transforms = held.contains("transform");
        if (m.path("features").path("single_message_transforms").asBoolean(false) != transforms) {
            problems.add("manifest single_message_transforms must be " + transforms);
        }
        return problems;
    }

    /** Adds the plugin service entries of a jar (its bytes) to {@code listed}, by interface. */
    static void readJarServices(byte[] jar, Map<String, Set<String>> listed) throws IOException {
        try (ZipInputStream j = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = j.getNextEntry()) != null; ) {
                String n = e.getName();
                if (n.startsWith("META-INF/services/") && listed.containsKey(n.substring("META-INF/services/".length()))) {
                    listed.get(n.substring("META-INF/services/".length()))
                            .addAll(PluginPackager.serviceEntries(new String(j.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
    }

}
