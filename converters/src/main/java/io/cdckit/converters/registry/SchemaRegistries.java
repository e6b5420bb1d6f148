package io.cdckit.converters.registry;

import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.Validators;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link SchemaRegistry} from {@code schema.registry.url} and converter configs.
 *
 * <p>{@code mem://<scope>} gives the JVM-wide {@link InMemorySchemaRegistry#forScope shared
 * in-memory registry} of that scope; {@code http://} and {@code https://} URLs give a
 * {@link RestSchemaRegistry} over all of them (failover in order). Mixing the two, or naming two
 * mem scopes, is a {@link ConfigException}.
 *
 * <p>Config keys read (Confluent's names where Confluent has one):
 * <ul>
 *   <li>{@value #BASIC_AUTH_SOURCE} ({@code USER_INFO} or {@code URL}, default: {@code USER_INFO}
 *       when {@value #BASIC_AUTH_USER_INFO} is set) and {@value #BASIC_AUTH_USER_INFO} ({@code user:password});</li>
 *   <li>{@value #BEARER_TOKEN};</li>
 *   <li>{@value #TRUSTSTORE_LOCATION}, {@value #TRUSTSTORE_PASSWORD}, {@value #TRUSTSTORE_TYPE};</li>
 *   <li>{@value #CONNECT_TIMEOUT_MS}, {@value #REQUEST_TIMEOUT_MS};</li>
 *   <li>{@value #MAX_RETRIES}, {@value #RETRIES_WAIT_MS}, {@value #RETRIES_MAX_WAIT_MS};</li>
 *   <li>{@value #CACHE_CAPACITY};</li>
 *   <li>{@value #SUBJECT_NONE_MEANS_UNSET} (for Apicurio, see {@link RestSchemaRegistry}).</li>
 * </ul>
 * Every key is also accepted with a {@code schema.registry.} prefix (e.g.
 * {@code schema.registry.basic.auth.user.info}), and {@code schema.registry.request.timeout.ms},
 * {@code schema.registry.retries}, {@code schema.registry.retry.backoff.ms} stand for
 * {@value #REQUEST_TIMEOUT_MS}, {@value #MAX_RETRIES}, {@value #RETRIES_WAIT_MS}. A
 * {@code org.apache.kafka.common.config.types.Password} value is unwrapped.
 */
public final class SchemaRegistries {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_TOKEN = "bearer.auth.token";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String CACHE_CAPACITY = "max.schemas.per.subject";
    public static final String SUBJECT_NONE_MEANS_UNSET = "schema.registry.subject.none.means.unset";

    private static final String MEM = "mem://";
    static final String BOTH_AUTHENTICATIONS = "set either basic auth (" + BASIC_AUTH_USER_INFO
            + ") or a bearer token, not both";

    private SchemaRegistries() {
    }

    /** Splits a {@code schema.registry.url} value on commas. */
    public static List<String> parseUrls(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /**
     * The validator of {@value #URL}: every entry is {@code mem://<scope>} (then the only one) or an
     * {@code http://} / {@code https://} URL with a host. Its messages show the URLs without
     * credentials, and {@link #create} makes the same checks with the same messages.
     */
    public static ConfigDef.Validator urlValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value instanceof List<?> list) {
                    List<String> urls = list.stream().map(String::valueOf).toList();
                    String problem = urlProblem(urls);
                    if (problem != null) {
                        throw new ConfigException(name, String.join(",", redactAll(urls)), problem);
                    }
                }
            }

            @Override
            public String toString() {
                return "mem://<scope>, or http:// and https:// URLs";
            }
        };
    }

    /** What is wrong with these registry URLs, or null. */
    static String urlProblem(List<String> urls) {
        return urlProblem(urls, true);
    }

    /** What is wrong with these registry URLs, or null; {@code mem://} only where {@code memAllowed}. */
    static String urlProblem(List<String> urls, boolean memAllowed) {
        int mem = 0;
        for (String u : urls) {
            String t = u.trim();
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith(MEM)) {
                if (!memAllowed) {
                    return "'" + RestSchemaRegistry.redact(t) + "' is the in-process registry, not a REST one";
                }
                mem++;
            } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
                try {
                    if (URI.create(t).getHost() == null) {
                        return "'" + RestSchemaRegistry.redact(t) + "' has no host";
                    }
                } catch (IllegalArgumentException e) {
                    return "'" + RestSchemaRegistry.redact(t) + "' is not a valid URL";
                }
            } else {
                return "'" + RestSchemaRegistry.redact(t) + "' must start with mem://, http:// or https:// "
                        + "(e.g. http://" + RestSchemaRegistry.redact(t) + ")";
            }
        }
        if (mem > 0 && urls.size() > 1) {
            return "a mem:// URL must be the only schema registry URL";
        }
        return null;
    }

    /**
     * The rule of {@value #BEARER_TOKEN}: basic credentials from {@value #BASIC_AUTH_USER_INFO} and a
     * bearer token exclude each other.
     */
    public static String notBothAuthentications(ConfigRule.Values values) {
        boolean fromUrl = "URL".equalsIgnoreCase(values.string(BASIC_AUTH_SOURCE));
        return values.isSet(BEARER_TOKEN) && values.isSet(BASIC_AUTH_USER_INFO) && !fromUrl ? BOTH_AUTHENTICATIONS : null;
    }

    /** A registry for these URLs with default options. */
    public static SchemaRegistry create(List<String> urls) {
        return create(urls, Collections.emptyMap());
    }

    /** A registry for these URLs, with options read from {@code configs} (see the class comment). */
    public static SchemaRegistry create(List<String> urls, Map<String, ?> configs) {
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(URL, "", "at least one schema registry URL is required (mem://<scope>, http:// or https://)");
        }
        String problem = urlProblem(urls);
        if (problem != null) {
            throw new ConfigException(URL, String.join(",", redactAll(urls)), problem);
        }
        List<String> mem = new ArrayList<>();
        List<String> http = new ArrayList<>();
        for (String u : urls) {
            String t = u.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith(MEM)) {
                mem.add(t.substring(MEM.length()));
            } else {
                http.add(t);
            }
        }
        if (!mem.isEmpty()) {
            String scope = mem.get(0);
            while (scope.endsWith("/")) {
                scope = scope.substring(0, scope.length() - 1);
            }
            return InMemorySchemaRegistry.forScope(scope);
        }
        RestSchemaRegistry.Builder b = RestSchemaRegistry.builder().urls(http);
        String source = string(configs, BASIC_AUTH_SOURCE);
        String userInfo = string(configs, BASIC_AUTH_USER_INFO);
        if (source != null && source.equalsIgnoreCase("URL")) {
            userInfo = null; // taken from the URL's user-info by the client
        } else if (source != null && !source.equalsIgnoreCase("USER_INFO")) {
            throw new ConfigException(BASIC_AUTH_SOURCE, source, "supported: USER_INFO, URL");
        }
        String token = string(configs, BEARER_TOKEN);
        if (token != null && !token.isEmpty() && userInfo != null && !userInfo.isEmpty()) {
            throw new ConfigException(BEARER_TOKEN, Validators.HIDDEN, BOTH_AUTHENTICATIONS);
        }
        if (userInfo != null && !userInfo.isEmpty()) {
            b.basicAuth(userInfo);
        }
        if (token != null && !token.isEmpty()) {
            b.bearerToken(token);
        }
        String trustStore = string(configs, TRUSTSTORE_LOCATION);
        if (trustStore != null && !trustStore.isEmpty()) {
            b.trustStore(trustStore, string(configs, TRUSTSTORE_PASSWORD), string(configs, TRUSTSTORE_TYPE));
        }
        Long v;
        if ((v = number(configs, CONNECT_TIMEOUT_MS)) != null) {
            b.connectTimeout(Duration.ofMillis(v));
        }
        if ((v = number(configs, REQUEST_TIMEOUT_MS)) != null) {
            b.requestTimeout(Duration.ofMillis(v));
        }
        if ((v = number(configs, MAX_RETRIES)) != null) {
            b.maxRetries(v.intValue());
        }
        Long wait = number(configs, RETRIES_WAIT_MS);
        Long maxWait = number(configs, RETRIES_MAX_WAIT_MS);
        if (wait != null || maxWait != null) {
            b.retryBackoff(Duration.ofMillis(wait != null ? wait : 200), Duration.ofMillis(maxWait != null ? maxWait : 5000));
        }
        if ((v = number(configs, CACHE_CAPACITY)) != null) {
            b.cacheCapacity(v.intValue());
        }
        String noneUnset = string(configs, SUBJECT_NONE_MEANS_UNSET);
        if (noneUnset != null) {
            b.subjectNoneMeansUnset(Boolean.parseBoolean(noneUnset.trim()));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static List<String> redactAll(List<String> urls) {
        List<String> out = new ArrayList<>();
        for (String u : urls) {
            out.add(RestSchemaRegistry.redact(u));
        }
        return out;
    }

    /** Alternative names accepted for a key: the {@code schema.registry.}-prefixed form, and cdckit's AvroConverter names. */
    private static final Map<String, List<String>> ALIASES = Map.of(
            REQUEST_TIMEOUT_MS, List.of("schema.registry.request.timeout.ms"),
            MAX_RETRIES, List.of("schema.registry.retries"),
            RETRIES_WAIT_MS, List.of("schema.registry.retry.backoff.ms"));

    private static Object get(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        if (v == null && !key.startsWith("schema.registry.")) {
            v = configs.get("schema.registry." + key);
        }
        if (v == null) {
            for (String alias : ALIASES.getOrDefault(key, List.of())) {
                v = configs.get(alias);
                if (v != null) {
                    break;
                }
            }
        }
        return v;
    }

    private static String string(Map<String, ?> configs, String key) {
        Object v = get(configs, key);
        if (v == null) {
            return null;
        }
        if (v instanceof org.apache.kafka.common.config.types.Password) {
            return ((org.apache.kafka.common.config.types.Password) v).value();
        }
        return v.toString();
    }

    private static Long number(Map<String, ?> configs, String key) {
        Object v = get(configs, key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        try {
            long n = Long.parseLong(v.toString().trim());
            if (n < 0) {
                throw new ConfigException(key, v, "must be >= 0");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "expected a whole number");
        }
    }
}
