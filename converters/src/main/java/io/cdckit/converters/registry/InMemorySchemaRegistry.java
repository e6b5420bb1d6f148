package io.cdckit.converters.registry;

import io.cdckit.converters.compat.CompatibilityChecker;
import io.cdckit.converters.compat.CompatibilityLevel;
import io.cdckit.converters.compat.CompatibilityResult;
import io.cdckit.converters.compat.VersionedSchema;

import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process schema registry, for {@code schema.registry.url=mem://<scope>}: tests, demos and
 * embedded pipelines. Every converter of a JVM naming the same scope shares one instance
 * ({@link #forScope}); {@link #reset} drops a scope (tests).
 *
 * <p>Ids are global to the instance, start at 1, and are stable per schema: the same schema
 * (compared in Avro's JSON form, {@link Schema#toString()}) gets the same id under every subject.
 * Versions are per subject, starting at 1; registering a schema a subject already has returns its
 * id without a new version.
 *
 * <p>Compatibility: the global level starts as {@value #DEFAULT_COMPATIBILITY}, the default of
 * Confluent's registry, so a converter left at {@code compatibility.level=registry} refuses an
 * incompatible change on {@code mem://} as it would against Confluent's. Subjects have no level of
 * their own until one is set. {@link #register} checks a new version against the subject's level (or
 * else the global one) with {@link CompatibilityChecker} and throws {@link IncompatibleSchemaException}
 * (status 409, error_code 40901, as Confluent's registry) when it breaks it; with both unset
 * ({@code setCompatibility(null, null)}) or NONE, anything is accepted. All methods are thread-safe
 * (one lock).
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    /** The global level a new registry starts with: Confluent's default. */
    public static final String DEFAULT_COMPATIBILITY = BACKWARD;

    private static final CompatibilityChecker CHECKER = new CompatibilityChecker();
    private static final ConcurrentHashMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>(); // index = id - 1
    private final Map<String, List<Integer>> subjects = new HashMap<>(); // subject -> ids in version order
    private final Map<String, String> subjectLevels = new HashMap<>();
    private String globalLevel = DEFAULT_COMPATIBILITY;

    /** A fresh registry not shared through any scope. */
    public InMemorySchemaRegistry() {
        this(null);
    }

    private InMemorySchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry shared by everything in this JVM that names {@code scope}. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope == null ? "" : scope, InMemorySchemaRegistry::new);
    }

    /** Forgets the registry of {@code scope}: the next {@link #forScope} starts empty. */
    public static void reset(String scope) {
        SCOPES.remove(scope == null ? "" : scope);
    }

    /** Forgets every scope. */
    public static void resetAll() {
        SCOPES.clear();
    }

    /** The scope this registry is shared under, or null. */
    public String scope() {
        return scope;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        requireSubject(subject);
        String canonical = schema.toString();
        Integer id = idsByCanonical.get(canonical);
        List<Integer> versions = subjects.get(subject);
        if (id != null && versions != null && versions.contains(id)) {
            return id;
        }
        String level = effectiveLevel(subject);
        if (versions != null && level != null) {
            List<VersionedSchema> existing = new ArrayList<>(versions.size());
            for (int i = 0; i < versions.size(); i++) {
                existing.add(new VersionedSchema(i + 1, schemasById.get(versions.get(i) - 1)));
            }
            CompatibilityResult result = CHECKER.check(CompatibilityLevel.parse(level), schema, existing);
            if (!result.compatible()) {
                String path = "/subjects/" + subject + "/versions";
                throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier schema for subject '"
                        + subject + "' (compatibility " + level + "; POST " + path + ", HTTP 409, error_code 40901): "
                        + result.explain(subject), 409, RegistryException.INCOMPATIBLE_SCHEMA, path, subject);
            }
        }
        if (id == null) {
            schemasById.add(schema);
            id = schemasById.size();
            idsByCanonical.put(canonical, id);
        }
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        if (id < 1 || id > schemasById.size()) {
            String path = "/schemas/ids/" + id;
            throw new SchemaNotFoundException("Schema id " + id + " not found (GET " + path + ", HTTP 404, error_code 40403)",
                    404, RegistryException.SCHEMA_NOT_FOUND, path);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized OptionalInt lookup(String subject, Schema schema) {
        Integer id = idsByCanonical.get(schema.toString());
        List<Integer> versions = subjects.get(subject);
        return id != null && versions != null && versions.contains(id) ? OptionalInt.of(id) : OptionalInt.empty();
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null) {
            return Collections.emptyList();
        }
        List<Integer> out = new ArrayList<>(ids.size());
        for (int v = 1; v <= ids.size(); v++) {
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public synchronized SchemaVersion version(String subject, int version) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null || version < 1 || version > ids.size()) {
            return null;
        }
        int id = ids.get(version - 1);
        return new SchemaVersion(subject, version, id, schemasById.get(id - 1));
    }

    @Override
    public synchronized SchemaVersion latest(String subject) {
        List<Integer> ids = subjects.get(subject);
        return ids == null ? null : version(subject, ids.size());
    }

    @Override
    public synchronized String compatibility(String subject) {
        return subject == null ? globalLevel : effectiveLevel(subject);
    }

    @Override
    public synchronized void setCompatibility(String subject, String level) {
        String l;
        try {
            l = level == null ? null : CompatibilityLevel.parse(level).name();
        } catch (IllegalArgumentException e) {
            String path = subject == null ? "/config" : "/config/" + subject;
            throw new RegistryException(e.getMessage() + " (PUT " + path + ", HTTP 422, error_code 42203)",
                    422, RegistryException.INVALID_COMPATIBILITY_LEVEL, path, subject);
        }
        if (subject == null) {
            globalLevel = l;
        } else if (l == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, l);
        }
    }

    /** Does nothing: the registry lives as long as its scope (see {@link #reset}). */
    @Override
    public void close() {
    }

    private String effectiveLevel(String subject) {
        String l = subjectLevels.get(subject);
        return l != null ? l : globalLevel;
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be null or empty");
        }
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistry{scope=" + scope + "}";
    }
}
