package io.cdckit.bench;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.v2.beans.ArtifactMetaData;
import io.apicurio.registry.rest.v2.beans.VersionMetaData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process stand-in for Apicurio Registry 2.x's {@link RegistryClient}, so that Apicurio's Connect
 * {@code AvroConverter} runs without a server: its serializer and deserializer take a client in their
 * constructors, and everything above the client (Apicurio's {@code DefaultSchemaResolver} and its caches,
 * the serde, the converter's {@code AvroData}) is Apicurio's own code.
 *
 * <p>It is a dynamic proxy answering the calls the resolver makes (register a schema with
 * {@code createArtifact}, look one up by content id, global id or content, no references); any other call
 * fails, so that an unexpected registry round trip shows up instead of being silently faked. Every
 * content gets one id, used as both its content id and its global id. After set-up the resolver's cache
 * answers, so in steady state the client is not called at all (see {@link #calls()}).
 */
final class InMemoryApicurioClient {

    private final Map<String, Long> idByContent = new ConcurrentHashMap<>();
    private final Map<Long, String> contentById = new ConcurrentHashMap<>();
    private final Map<String, Long> latestByArtifact = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    private InMemoryApicurioClient() {
    }

    /** A new, empty registry, as a {@link RegistryClient}. */
    static RegistryClient create() {
        InMemoryApicurioClient r = new InMemoryApicurioClient();
        return (RegistryClient) Proxy.newProxyInstance(RegistryClient.class.getClassLoader(),
                new Class<?>[]{RegistryClient.class, CallCounter.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("calls")) {
                        return r.calls.get();
                    }
                    if (name.equals("close")) {
                        return null;
                    }
                    if (name.equals("toString")) {
                        return "InMemoryApicurioClient";
                    }
                    if (name.equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    if (name.equals("equals")) {
                        return proxy == args[0];
                    }
                    r.calls.incrementAndGet();
                    switch (name) {
                        case "createArtifact":
                            return r.createArtifact(args);
                        case "getContentById":
                        case "getContentByGlobalId":
                            return r.content((Long) args[0]);
                        case "getArtifactReferencesByContentId":
                        case "getArtifactReferencesByGlobalId":
                        case "getArtifactReferencesByContentHash":
                        case "getArtifactReferencesByCoordinates":
                            return List.of();
                        case "getArtifactVersionMetaDataByContent":
                            return r.versionByContent((String) args[0], (String) args[1], lastStream(args));
                        case "getArtifactMetaData":
                            return r.latest((String) args[0], (String) args[1]);
                        default:
                            throw new UnsupportedOperationException("InMemoryApicurioClient: " + method);
                    }
                });
    }

    /** Registry calls made so far (0 added per record once the resolver's cache is warm). */
    static long calls(RegistryClient client) {
        return ((CallCounter) client).calls();
    }

    /** Implemented by the proxy, to read the call count. */
    interface CallCounter {
        long calls();
    }

    private static InputStream lastStream(Object[] args) {
        for (int i = args.length - 1; i >= 0; i--) {
            if (args[i] instanceof InputStream) {
                return (InputStream) args[i];
            }
        }
        throw new IllegalArgumentException("no content in the call");
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long idOf(String content) {
        return idByContent.computeIfAbsent(content, c -> {
            long id = idByContent.size() + 1L;
            contentById.put(id, c);
            return id;
        });
    }

    private ArtifactMetaData createArtifact(Object[] args) {
        String group = (String) args[0];
        String artifact = (String) args[1];
        long id;
        synchronized (this) {
            id = idOf(read(lastStream(args)));
        }
        latestByArtifact.put(group + "/" + artifact, id);
        return artifactMetaData(group, artifact, id);
    }

    private InputStream content(long id) {
        String c = contentById.get(id);
        if (c == null) {
            throw new IllegalArgumentException("InMemoryApicurioClient: no content with id " + id);
        }
        return new ByteArrayInputStream(c.getBytes(StandardCharsets.UTF_8));
    }

    private VersionMetaData versionByContent(String group, String artifact, InputStream in) {
        Long id = idByContent.get(read(in));
        if (id == null) {
            throw new IllegalArgumentException("InMemoryApicurioClient: content not registered");
        }
        return version(group, artifact, id);
    }

    private ArtifactMetaData latest(String group, String artifact) {
        Long id = latestByArtifact.get(group + "/" + artifact);
        if (id == null) {
            throw new IllegalArgumentException("InMemoryApicurioClient: no artifact " + group + "/" + artifact);
        }
        return artifactMetaData(group, artifact, id);
    }

    /** Version 1 of an Avro artifact whose global and content id are both {@code id}. */
    private static ArtifactMetaData artifactMetaData(String group, String artifact, long id) {
        ArtifactMetaData md = new ArtifactMetaData();
        md.setGroupId(group);
        md.setId(artifact);
        md.setVersion("1");
        md.setType("AVRO");
        md.setGlobalId(id);
        md.setContentId(id);
        return md;
    }

    private static VersionMetaData version(String group, String artifact, long id) {
        VersionMetaData md = new VersionMetaData();
        md.setGroupId(group);
        md.setId(artifact);
        md.setVersion("1");
        md.setType("AVRO");
        md.setGlobalId(id);
        md.setContentId(id);
        return md;
    }
}
