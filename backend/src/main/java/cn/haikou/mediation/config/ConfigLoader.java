package cn.haikou.mediation.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds the {@link AppConfig}: classpath defaults, then the file named by {@code CONFIG_FILE} (or
 * {@code ./application.yaml} when present), then environment variables. The environment names
 * are a contract with operators and scripts:
 *
 * <pre>
 * HTTP_PORT            http.port                 (default 8080)
 * DATA_DIR             clickhouse.dataDir        (default ./data)
 * CLICKHOUSE_URL       clickhouse.url            (empty = embedded engine)
 * CLICKHOUSE_USER      clickhouse.user
 * CLICKHOUSE_PASSWORD  clickhouse.password
 * CLICKHOUSE_DATABASE  clickhouse.database
 * CHDB_LIBRARY         clickhouse.engineLibrary  (default: the fetch-engine cache)
 * SIMULATOR            simulator.enabled         (on/off)
 * INGEST_API_KEYS      ingest.apiKeys            (source1:key1,source2:key2)
 * PACK                 pack                      (haikou, nyc311, or a pack file's path)
 * </pre>
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    public static AppConfig load(Map<String, String> env) {
        ObjectNode tree = defaults();
        Path file = env.containsKey("CONFIG_FILE") ? Path.of(env.get("CONFIG_FILE")) : Path.of("application.yaml");
        if (Files.isRegularFile(file)) {
            merge(tree, read(file));
        } else if (env.containsKey("CONFIG_FILE")) {
            throw new IllegalArgumentException("CONFIG_FILE names " + file.toAbsolutePath() + ", which does not exist");
        }
        applyEnvironment(tree, env);
        return bind(tree);
    }

    /** Defaults with {@code overrides} (a YAML/JSON fragment shaped like the file) merged on top. For tests and tools. */
    public static AppConfig withOverrides(JsonNode overrides) {
        ObjectNode tree = defaults();
        merge(tree, overrides);
        return bind(tree);
    }

    public static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/application.yaml")) {
            if (in == null) {
                throw new IllegalStateException("application.yaml is missing from the classpath");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static AppConfig bind(ObjectNode tree) {
        try {
            return YAML.treeToValue(tree, AppConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
        set(tree, env, "HTTP_PORT", "http", "port");
        set(tree, env, "DATA_DIR", "clickhouse", "dataDir");
        set(tree, env, "CLICKHOUSE_URL", "clickhouse", "url");
        set(tree, env, "CLICKHOUSE_USER", "clickhouse", "user");
        set(tree, env, "CLICKHOUSE_PASSWORD", "clickhouse", "password");
        set(tree, env, "CLICKHOUSE_DATABASE", "clickhouse", "database");
        set(tree, env, "CHDB_LIBRARY", "clickhouse", "engineLibrary");
        if (env.containsKey("PACK")) {
            tree.put("pack", env.get("PACK"));
        }
        if (env.containsKey("SIMULATOR")) {
            ((ObjectNode) tree.get("simulator")).put("enabled", onOff("SIMULATOR", env.get("SIMULATOR")));
        }
        if (env.containsKey("INGEST_API_KEYS")) {
            ArrayNode keys = ((ObjectNode) tree.get("ingest")).putArray("apiKeys");
            for (String pair : env.get("INGEST_API_KEYS").split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int colon = pair.indexOf(':');
                if (colon <= 0 || colon == pair.length() - 1) {
                    throw new IllegalArgumentException("INGEST_API_KEYS must be source:key pairs separated by commas, got '" + pair + "'");
                }
                keys.addObject().put("source", pair.substring(0, colon).trim()).put("key", pair.substring(colon + 1).trim());
            }
        }
    }

    private static boolean onOff(String name, String value) {
        return switch (value.trim().toLowerCase()) {
            case "on", "true", "1", "yes" -> true;
            case "off", "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + " must be on or off, got '" + value + "'");
        };
    }

    private static void set(ObjectNode tree, Map<String, String> env, String name, String section, String key) {
        String value = env.get(name);
        if (value != null) {
            ((ObjectNode) tree.get(section)).put(key, value);
        }
    }

    private static void merge(ObjectNode target, JsonNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
