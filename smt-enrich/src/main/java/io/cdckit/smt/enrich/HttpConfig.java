package io.cdckit.smt.enrich;

import io.cdckit.core.config.ConfigKeys;
import io.cdckit.core.config.ConfigRule;
import io.cdckit.core.config.ConfigValue;
import io.cdckit.core.config.Validators;
import io.cdckit.core.template.Template;
import io.cdckit.core.template.TemplateSyntaxException;
import io.cdckit.smt.enrich.LookupConfig.SourceKind;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code http.*} keys of Lookup's {@code http} source, their rules, and the parsing that both
 * the rules and {@link HttpSource} use: the URL and body templates (whose placeholders are the key's
 * parts {@code ${0}}..{@code ${n-1}}), {@code Name:Value} headers and {@code name:json-pointer:type}
 * response fields. Messages name keys, placeholders, header and field names, never a header value,
 * a secret or the URL (it may hold an API key).
 */
final class HttpConfig {

    static final String URL = "http.url";
    static final String METHOD = "http.method";
    static final String BODY = "http.body";
    static final String HEADERS = "http.headers";
    static final String AUTH = "http.auth";
    static final String AUTH_TOKEN = "http.auth.token";
    static final String AUTH_USER = "http.auth.user";
    static final String AUTH_PASSWORD = "http.auth.password";
    static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    static final String RESPONSE_FIELDS = "http.response.fields";
    static final String RESPONSE_MAX_BYTES = "http.response.max.bytes";

    /** How the templates' placeholders are described to users. */
    private static final String PLACEHOLDERS = "${0}..${n-1}, the values of the n key.fields in order";
    /** Headers Java's HTTP client sets itself and refuses from callers. */
    private static final Set<String> CLIENT_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    /** RFC 7230's token characters besides letters and digits: what a header name is made of. */
    private static final String TOKEN_MARKS = "!#$%&'*+-.^_`|~";
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    enum Method implements ConfigValue {
        GET, POST;

        @Override
        public String configValue() {
            return name();
        }
    }

    enum Auth implements ConfigValue { NONE, BEARER, BASIC }

    /**
     * One field picked from the service's JSON answer.
     *
     * @param name        the column's name
     * @param pointerText the JSON pointer as configured, for messages
     * @param pointer     the JSON pointer, compiled
     * @param type        the column's declared type
     */
    record ResponseField(String name, String pointerText, JsonPointer pointer, ColumnType.Declared type) {
    }

    private HttpConfig() {
    }

    static void declare(ConfigKeys keys) {
        keys.template(URL, null, PLACEHOLDERS, HttpConfig::isKeyPart, "source=http: the URL of one key's row, "
                        + "with ${0}..${n-1} for the key.fields' values in order, e.g. "
                        + "https://api.example/customers/${0}; each value is percent-encoded (UTF-8, everything "
                        + "but letters, digits and -._~), so it is one path segment or one query value. Placeholders "
                        + "go in the path or the query, never the host. Never shown in messages (it may hold an "
                        + "API key).")
                .sensitive()
                .rule(LookupConfig.requiredFor(SourceKind.HTTP, URL))
                .rule(LookupConfig.whenSource(SourceKind.HTTP, HttpConfig::urlProblem))
                .choice(METHOD, Method.class, Method.GET, "source=http: the request's method; POST sends "
                        + "http.body.")
                .template(BODY, null, PLACEHOLDERS, HttpConfig::isKeyPart, "source=http with http.method=POST: the "
                        + "request's JSON body, with ${0}..${n-1} for the key.fields' values inside JSON strings, "
                        + "e.g. {\"id\": \"${0}\"}; each value is inserted JSON-string-escaped (a number key "
                        + "becomes a string). Sent as application/json unless http.headers sets Content-Type.")
                .rule(LookupConfig.whenSource(SourceKind.HTTP, HttpConfig::bodyProblem))
                .list(HEADERS, "source=http: headers every request carries, as Name:Value entries (a value "
                        + "cannot hold a comma), e.g. X-Api-Key:abc123. Never shown in messages. Accept is "
                        + "application/json unless set here.")
                .sensitive()
                .validator(Validators.explained("list of Name:Value", v -> headersProblem((List<?>) v)))
                .rule(LookupConfig.whenSource(SourceKind.HTTP, values -> values.choice(AUTH, Auth.class) != Auth.NONE
                        && values.choice(AUTH, Auth.class) != null && hasHeader(values.list(HEADERS), "Authorization")
                        ? "sets Authorization, which " + AUTH + " sets too: use one of them" : null))
                .choice(AUTH, Auth.class, Auth.NONE, "source=http: how requests authenticate: none, bearer (an "
                        + "Authorization: Bearer header with http.auth.token) or basic (HTTP basic authentication "
                        + "with http.auth.user and http.auth.password).")
                .password(AUTH_TOKEN, "source=http with http.auth=bearer: the bearer token.")
                .rule(authRule(Auth.BEARER, AUTH_TOKEN))
                .string(AUTH_USER, null, "source=http with http.auth=basic: the user name (without a colon).")
                .rule(authRule(Auth.BASIC, AUTH_USER))
                .rule(LookupConfig.whenSource(SourceKind.HTTP, values -> {
                    String user = values.string(AUTH_USER);
                    return user != null && user.contains(":") ? "must not contain a colon (HTTP basic "
                            + "authentication)" : null;
                }))
                .password(AUTH_PASSWORD, "source=http with http.auth=basic: the user's password.")
                .rule(authRule(Auth.BASIC, AUTH_PASSWORD))
                .longValue(CONNECT_TIMEOUT_MS, 5_000, 1, 600_000, "source=http: how long connecting to the service "
                        + "may take before the lookup fails (retriable).")
                .longValue(REQUEST_TIMEOUT_MS, 10_000, 1, 600_000, "source=http: how long one request may take, "
                        + "from sending it to the last byte of the answer, before the lookup fails (retriable).")
                .list(RESPONSE_FIELDS, "source=http: the columns picked from the JSON answer, as "
                        + "name:json-pointer:type entries (RFC 6901 pointers; types: " + ColumnType.NAMES + "), "
                        + "e.g. tier:/tier:string,credit:/account/credit:decimal(2). A pointer the answer does not "
                        + "have gives null.")
                .validator(Validators.explained("list of name:json-pointer:type",
                        v -> responseFieldsProblem((List<?>) v)))
                .rule(LookupConfig.requiredFor(SourceKind.HTTP, RESPONSE_FIELDS))
                .integer(RESPONSE_MAX_BYTES, 1 << 20, 1024, 64 << 20, "source=http: the largest answer read, in "
                        + "bytes; a larger one fails the lookup (a data error).");
    }

    // ------------------------------------------------------------------ templates

    private static boolean isKeyPart(Template.Placeholder p) {
        return p.arguments().isEmpty() && p.name().matches("0|[1-9][0-9]{0,3}");
    }

    /** The key parts a template names, or null if it does not parse (its validator says why). */
    private static BitSet parts(String text) {
        if (text == null) {
            return new BitSet();
        }
        try {
            BitSet used = new BitSet();
            for (Template.Placeholder p : Template.parse(text).placeholders()) {
                if (!isKeyPart(p)) {
                    return null;
                }
                used.set(Integer.parseInt(p.name()));
            }
            return used;
        } catch (TemplateSyntaxException e) {
            return null;
        }
    }

    /** What is wrong with a template's placeholders for {@code keys} key fields, or null. */
    private static String partsProblem(BitSet used, int keys) {
        int beyond = used.nextSetBit(keys);
        if (keys == 0 || beyond < 0) {
            return null;
        }
        return "names ${" + beyond + "}, but " + LookupConfig.KEY_FIELDS + " has " + keys + " field"
                + (keys == 1 ? " (${0})" : "s (${0} to ${" + (keys - 1) + "})");
    }

    private static String urlProblem(ConfigRule.Values values) {
        String text = values.string(URL);
        BitSet used = parts(text);
        if (text == null || used == null) {
            return null;
        }
        int keys = LookupConfig.keyCount(values);
        String problem = partsProblem(used, keys);
        if (problem != null) {
            return problem;
        }
        int scheme = text.indexOf("://");
        String head = text.substring(0, scheme < 0 ? 0 : scheme).toLowerCase(Locale.ROOT);
        int firstPlaceholder = text.indexOf("${");
        String literal = firstPlaceholder < 0 ? text : text.substring(0, firstPlaceholder);
        int authorityEnd = scheme < 0 ? -1 : indexOfAny(literal, scheme + 3, "/?");
        if (!(head.equals("http") || head.equals("https")) || (firstPlaceholder >= 0 && authorityEnd < 0)) {
            return "must be an http:// or https:// URL with the key's placeholders in its path or query, not "
                    + "its host";
        }
        try {
            URI uri = URI.create(Template.parse(text).bind(p -> x -> "x").render(null));
            if (uri.getHost() == null) {
                return "must name a host";
            }
        } catch (IllegalArgumentException e) {
            return "is not a valid URL once its placeholders are filled in (characters such as spaces must be "
                    + "percent-encoded)";
        }
        BitSet all = (BitSet) used.clone();
        if (values.choice(METHOD, Method.class) == Method.POST) {
            BitSet inBody = parts(values.string(BODY));
            if (inBody != null) {
                all.or(inBody);
            }
        }
        int unused = all.nextClearBit(0);
        return unused < keys ? "must use every key field: ${" + unused + "} is in neither " + URL + " nor " + BODY
                : null;
    }

    private static int indexOfAny(String text, int from, String chars) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String bodyProblem(ConfigRule.Values values) {
        String text = values.string(BODY);
        BitSet used = parts(text);
        if (text == null || used == null) {
            return null;
        }
        if (values.choice(METHOD, Method.class) != Method.POST) {
            return "is only used with " + METHOD + "=POST";
        }
        String problem = partsProblem(used, LookupConfig.keyCount(values));
        if (problem != null) {
            return problem;
        }
        try {
            JsonNode parsed = STRICT_JSON.readTree(Template.parse(text).bind(p -> x -> "x").render(null));
            return parsed == null || parsed.isMissingNode() ? "must be JSON" : null;
        } catch (JsonProcessingException e) {
            return "must be JSON with each ${n} inside a JSON string (the key's values are inserted "
                    + "JSON-string-escaped)";
        }
    }

    // ------------------------------------------------------------------ auth and headers

    /** {@code key} is required with {@code auth} and refused with any other. */
    private static ConfigRule authRule(Auth auth, String key) {
        return LookupConfig.whenSource(SourceKind.HTTP, values -> {
            Auth chosen = values.choice(AUTH, Auth.class);
            if (chosen == null) {
                return null;
            }
            boolean set = values.isSet(key);
            if (chosen == auth) {
                return set ? null : "must be set with " + AUTH + "=" + auth.configValue();
            }
            return set ? "is only used with " + AUTH + "=" + auth.configValue() : null;
        });
    }

    private static boolean hasHeader(List<String> entries, String name) {
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon > 0 && entry.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String headersProblem(List<?> entries) {
        try {
            headers(entries);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * {@code Name:Value} entries as name, value, name, value... (names and values trimmed).
     *
     * @throws IllegalArgumentException naming the entry's position or the header's name, never a value
     */
    static List<String> headers(List<?> entries) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = String.valueOf(entries.get(i));
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (name.isEmpty() || !name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
                    || TOKEN_MARKS.indexOf(c) >= 0))) {
                throw new IllegalArgumentException("entry " + (i + 1) + " is not Name:Value with a header name of "
                        + "letters, digits and " + TOKEN_MARKS);
            }
            if (CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("sets the header " + name + ", which the HTTP client sets itself");
            }
            String value = entry.substring(colon + 1).trim();
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("entry " + (i + 1) + " (" + name + ") has a control character "
                        + "in its value");
            }
            out.add(name);
            out.add(value);
        }
        return out;
    }

    // ------------------------------------------------------------------ response fields

    private static String responseFieldsProblem(List<?> entries) {
        try {
            responseFields(entries);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * {@code name:json-pointer:type} entries in order (the pointer may hold colons: the name ends at
     * the first, the type starts after the last).
     *
     * @throws IllegalArgumentException saying which entry is wrong and why
     */
    static List<ResponseField> responseFields(List<?> entries) {
        Map<String, ResponseField> out = new LinkedHashMap<>();
        for (Object e : entries) {
            String entry = String.valueOf(e).trim();
            int first = entry.indexOf(':');
            int last = entry.lastIndexOf(':');
            if (first <= 0 || last == first) {
                throw new IllegalArgumentException("entry '" + entry + "' is not name:json-pointer:type");
            }
            String name = entry.substring(0, first).trim();
            String pointer = entry.substring(first + 1, last).trim();
            String pointerProblem = pointerProblem(pointer);
            if (pointerProblem != null) {
                throw new IllegalArgumentException("entry '" + entry + "': " + pointerProblem);
            }
            ColumnType.Declared type;
            try {
                type = ColumnType.parse(entry.substring(last + 1));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("entry '" + entry + "': " + bad.getMessage());
            }
            if (out.put(name, new ResponseField(name, pointer, JsonPointer.compile(pointer), type)) != null) {
                throw new IllegalArgumentException("names the field '" + name + "' twice");
            }
        }
        return List.copyOf(out.values());
    }

    /** What is wrong with an RFC 6901 JSON pointer (non-empty: the whole answer is no field), or null. */
    private static String pointerProblem(String pointer) {
        if (!pointer.startsWith("/")) {
            return "'" + pointer + "' is not a JSON pointer (one starts with /, e.g. /account/credit)";
        }
        for (int i = pointer.indexOf('~'); i >= 0; i = pointer.indexOf('~', i + 1)) {
            if (i + 1 >= pointer.length() || pointer.charAt(i + 1) != '0' && pointer.charAt(i + 1) != '1') {
                return "'" + pointer + "' is not a JSON pointer (~ must be followed by 0 or 1)";
            }
        }
        return null;
    }
}
