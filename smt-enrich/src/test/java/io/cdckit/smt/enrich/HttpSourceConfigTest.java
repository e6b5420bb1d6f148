package io.cdckit.smt.enrich;

import io.cdckit.core.config.TransformConfig;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The http source's configuration mistakes: each fails at {@code configure()} with a
 * {@code ConfigException} naming the key (and shows on that key in Connect's validate), and no
 * message or {@code toString} shows a secret, a header value or the URL. No server is needed: the
 * source connects at the first lookup.
 */
class HttpSourceConfigTest {

    static final String URL = "https://api.example/customers/${0}";
    static final String TOKEN = "tok-3c2b1a-bearer-secret";
    static final String PASSWORD = "pw-6d5e4f-basic-secret";
    static final String HEADER_VALUE = "hv-0a9b8c-header-secret";

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("key.fields", "customer_id");
        m.put("source", "http");
        m.put("http.url", URL);
        m.put("http.response.fields", "tier:/tier:string");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove(kv[i]);
            } else {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    /** Configures with {@code props}, expects a ConfigException naming {@code key}, and returns its message. */
    static String refused(String key, Map<String, String> props) {
        Lookup.Value<SinkRecord> t = new Lookup.Value<>();
        ConfigException e = assertThrows(ConfigException.class, () -> t.configure(props));
        assertTrue(e.getMessage().contains("configuration " + key), e.getMessage());
        boolean shown = false;
        for (ConfigValue v : Lookup.CONFIG_DEF.validate(props)) {
            shown |= v.name().equals(key) && !v.errorMessages().isEmpty();
        }
        assertTrue(shown, "Connect's validate shows the mistake on " + key);
        return e.getMessage();
    }

    @Test
    void aValidConfigurationConfigures() {
        Lookup.Value<SinkRecord> t = new Lookup.Value<>();
        t.configure(props("key.fields", "region,customer_id",
                "http.url", "https://api.example/regions/${0}/customers?id=${1}&price=$$5",
                "http.auth", "basic", "http.auth.user", "enricher", "http.auth.password", PASSWORD,
                "http.headers", "X-Api-Key:" + HEADER_VALUE,
                "http.response.fields", "tier:/tier:string,odd:/a~1b/c~0d/0:int64,colon:/x:y:string"));
        t.close();
    }

    @Test
    void theUrlIsRequired() {
        assertTrue(refused("http.url", props("http.url", null)).contains("must be set with source=http"));
    }

    @Test
    void anUnknownPlaceholderInTheUrlIsRefused() {
        String message = refused("http.url", props("http.url", "https://api.example/customers/${id}"));
        assertTrue(message.contains("${id}"), message);
    }

    @Test
    void aPlaceholderBeyondTheKeyFieldsIsRefused() {
        String message = refused("http.url", props("http.url", "https://api.example/customers/${0}/${1}"));
        assertTrue(message.contains("names ${1}, but key.fields has 1 field"), message);
    }

    @Test
    void everyKeyFieldMustBeUsed() {
        String message = refused("http.url", props("key.fields", "region,customer_id"));
        assertTrue(message.contains("${1} is in neither http.url nor http.body"), message);
        Lookup.Value<SinkRecord> t = new Lookup.Value<>();
        t.configure(props("key.fields", "region,customer_id", "http.method", "POST",
                "http.body", "{\"customer\":\"${1}\"}"));
        t.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://api.example/customers/${0}",
        "api.example/customers/${0}",
        "https://${0}.api.example/customers",
        "https://api.example${0}/customers",
        "https://api.example/customers with space/${0}",
    })
    void theUrlMustBeHttpWithKeyPartsInItsPathOrQuery(String url) {
        refused("http.url", props("http.url", url));
    }

    @Test
    void aBrokenTemplateIsRefused() {
        refused("http.url", props("http.url", "https://api.example/customers/${0"));
    }

    @Test
    void theBodyIsOnlyForPostAndMustKeepKeyPartsInsideJsonStrings() {
        assertTrue(refused("http.body", props("http.body", "{\"id\":\"${0}\"}")).contains("http.method=POST"));
        refused("http.body", props("http.method", "POST", "http.body", "{\"id\": ${0}}"));
        refused("http.body", props("http.method", "POST", "http.body", "{\"id\":\"${0}\"} trailing"));
        refused("http.body", props("http.method", "POST", "http.body", "{\"id\":\"${key}\"}"));
        refused("http.method", props("http.method", "PUT"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tier:tier:string|is not a JSON pointer",
        "tier:/ti~2er:string|~ must be followed by 0 or 1",
        "tier:/tier~:string|~ must be followed by 0 or 1",
        "tier:/tier:varchar|is not a type",
        "tier:/tier:decimal(x)|is not a type",
        "tier/tier/string|is not name:json-pointer:type",
        "tier:string|is not name:json-pointer:type",
        "tier:/a:string,tier:/b:string|names the field 'tier' twice",
    })
    void responseFieldsMustBeNamesPointersAndTypes(String fields, String problem) {
        String message = refused("http.response.fields", props("http.response.fields", fields));
        assertTrue(message.contains(problem), message);
    }

    @Test
    void responseFieldsAreRequired() {
        refused("http.response.fields", props("http.response.fields", null));
    }

    @Test
    void eachAuthNeedsItsSecretsAndNoOther() {
        String missing = refused("http.auth.token", props("http.auth", "bearer"));
        assertTrue(missing.contains("must be set with http.auth=bearer"), missing);
        refused("http.auth.user", props("http.auth", "basic", "http.auth.password", PASSWORD));
        refused("http.auth.password", props("http.auth", "basic", "http.auth.user", "enricher"));
        refused("http.auth.user", props("http.auth", "basic", "http.auth.user", "en:richer",
                "http.auth.password", PASSWORD));
        refused("http.auth.token", props("http.auth.token", TOKEN));
        refused("http.auth.password", props("http.auth", "bearer", "http.auth.token", TOKEN,
                "http.auth.password", PASSWORD));
        refused("http.auth.token", props("http.auth", "bearer", "http.auth.token", ""));
        refused("http.auth", props("http.auth", "digest"));
    }

    @Test
    void headersMustBeNameValueAndLeaveTheClientsOwnAlone() {
        assertTrue(refused("http.headers", props("http.headers", HEADER_VALUE)).contains("entry 1 is not Name:Value"));
        assertTrue(refused("http.headers", props("http.headers", "Host:api.example")).contains("Host"));
        refused("http.headers", props("http.headers", "X Bad:" + HEADER_VALUE));
        refused("http.headers", props("http.headers", "X-Ok:1,X-Bad:" + HEADER_VALUE + "\r\nX-Injected:1"));
        String both = refused("http.headers", props("http.auth", "bearer", "http.auth.token", TOKEN,
                "http.headers", "authorization:Bearer " + HEADER_VALUE));
        assertTrue(both.contains("Authorization"), both);
    }

    @Test
    void timeoutsAndSizesAreRanged() {
        refused("http.request.timeout.ms", props("http.request.timeout.ms", "0"));
        refused("http.connect.timeout.ms", props("http.connect.timeout.ms", "-1"));
        refused("http.response.max.bytes", props("http.response.max.bytes", "10"));
    }

    @Test
    void theHttpKeysAreIgnoredForOtherSources() {
        Map<String, String> other = props("source", "file", "http.auth", "bearer", "http.url", null);
        for (ConfigValue v : Lookup.CONFIG_DEF.validate(other)) {
            if (v.name().startsWith("http.")) {
                assertEquals(List.of(), v.errorMessages(), v.name());
            }
        }
    }

    @Test
    void noMessageOrToStringShowsASecretAHeaderValueOrTheUrl() {
        String secretUrl = "https://api.example/customers/${0}?api_key=" + HEADER_VALUE;
        List<Map<String, String>> mistakes = List.of(
                props("http.url", secretUrl + "&x=${9}", "http.auth", "bearer", "http.auth.token", TOKEN),
                props("http.url", secretUrl.replace("https", "gopher")),
                props("http.headers", "X-Api-Key:" + HEADER_VALUE + ",Bad Name:" + HEADER_VALUE),
                props("http.auth", "basic", "http.auth.user", "enricher", "http.auth.password", PASSWORD,
                        "http.auth.token", TOKEN),
                props("http.auth", "bearer", "http.auth.token", TOKEN, "http.auth.password", PASSWORD),
                props("http.auth", "bearer", "http.auth.token", TOKEN, "http.headers",
                        "Authorization:" + HEADER_VALUE));
        for (Map<String, String> mistake : mistakes) {
            Lookup.Value<SinkRecord> t = new Lookup.Value<>();
            ConfigException e = assertThrows(ConfigException.class, () -> t.configure(mistake), mistake.keySet()
                    .toString());
            HttpSourceTest.assertNoneShown(e, TOKEN, PASSWORD, HEADER_VALUE);
            for (ConfigValue v : Lookup.CONFIG_DEF.validate(mistake)) {
                for (String m : v.errorMessages()) {
                    assertFalse(m.contains(TOKEN) || m.contains(PASSWORD) || m.contains(HEADER_VALUE), m);
                }
            }
        }
        Map<String, String> valid = props("http.url", secretUrl, "http.auth", "bearer", "http.auth.token", TOKEN,
                "http.headers", "X-Api-Key:" + HEADER_VALUE);
        Lookup.Value<SinkRecord> t = new Lookup.Value<>();
        t.configure(valid);
        HttpSourceTest.assertNoneShown(new RuntimeException(t.toString()), TOKEN, HEADER_VALUE, "api.example");
        t.close();
        try (LookupSource source = HttpSource.open(new SourceContext(new TransformConfig(Lookup.CONFIG_DEF, valid),
                null, "Lookup.Value", "io.cdckit.enrich.lookup"))) {
            String shown = source.toString();
            assertEquals("HttpSource(GET, auth bearer, fields [tier])", shown);
        }
        Map<String, String> basic = props("http.auth", "basic", "http.auth.user", "enricher",
                "http.auth.password", PASSWORD, "http.method", "POST", "http.body", "{\"id\":\"${0}\"}");
        try (LookupSource source = HttpSource.open(new SourceContext(new TransformConfig(Lookup.CONFIG_DEF, basic),
                null, "Lookup.Value", "io.cdckit.enrich.lookup"))) {
            String shown = source.toString();
            assertFalse(shown.contains(PASSWORD) || shown.contains("enricher"), shown);
        }
    }
}
