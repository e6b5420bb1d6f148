package io.cdckit.converters.registry;

import org.apache.avro.Schema;

import java.util.List;
import java.util.OptionalInt;

/**
 * The part of the Confluent Schema Registry API that cdckit's converters use, for Avro schemas.
 *
 * <p>Implementations: {@link RestSchemaRegistry} (any registry speaking Confluent's REST API,
 * including Apicurio's {@code /apis/ccompat/v7}) and {@link InMemorySchemaRegistry}
 * ({@code mem://scope}). Build one from converter configs with {@link SchemaRegistries}.
 *
 * <p>Absent things: {@link #version} and {@link #latest} return {@code null}, {@link #versions}
 * returns an empty list, {@link #lookup} an empty {@code OptionalInt}; {@link #getById} throws
 * {@link SchemaNotFoundException}, because a record naming an unknown id cannot be read.
 *
 * <p>Failures: {@link RegistryException} (a {@code DataException}: the registry refused the
 * request, 4xx), its subclass {@link IncompatibleSchemaException} (409 / 40901), and
 * {@link RegistryUnavailableException} (a {@code RetriableException}: unreachable or 5xx after
 * every URL and retry). Implementations are thread-safe.
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Compatibility levels understood by the registries. */
    String NONE = "NONE";
    String BACKWARD = "BACKWARD";
    String BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE";
    String FORWARD = "FORWARD";
    String FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE";
    String FULL = "FULL";
    String FULL_TRANSITIVE = "FULL_TRANSITIVE";

    /**
     * Registers {@code schema} under {@code subject} (a new version unless the subject already has
     * it) and returns its id. Registering an identical schema again returns the same id.
     *
     * @throws IncompatibleSchemaException if the registry enforces a compatibility level the schema breaks
     */
    int register(String subject, Schema schema);

    /** The schema with this id. @throws SchemaNotFoundException if there is none */
    Schema getById(int id);

    /** The id of {@code schema} if {@code subject} has it as one of its versions, else empty. */
    OptionalInt lookup(String subject, Schema schema);

    /** The subject's version numbers, ascending; empty if the subject does not exist. */
    List<Integer> versions(String subject);

    /** One version of a subject, or {@code null} if the subject or version does not exist. */
    SchemaVersion version(String subject, int version);

    /** The newest version of a subject, or {@code null} if the subject does not exist. */
    SchemaVersion latest(String subject);

    /**
     * The subject's compatibility level if it has one set, else the global level; {@code null} if
     * the registry has none. {@code subject == null} asks for the global level only.
     */
    String compatibility(String subject);

    /** Sets the subject's compatibility level, or the global one when {@code subject} is null. */
    void setCompatibility(String subject, String level);

    /** Releases resources; never throws a checked exception. */
    @Override
    void close();
}
