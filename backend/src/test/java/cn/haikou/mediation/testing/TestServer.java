package cn.haikou.mediation.testing;

import cn.haikou.mediation.bootstrap.MediationServer;
import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.config.ConfigLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A real server for tests: the embedded engine on a test's own directory, HTTP on a free port,
 * simulator off unless a test turns it on. The engine serves one data directory per process, so a
 * test class holds at most one TestServer at a time and closes it when done.
 */
public final class TestServer implements AutoCloseable {

    public static final String INGEST_KEY = "test-ingest-key-0123456789";
    /** A second source, for tests about what one source may see of another's work. */
    public static final String OTHER_INGEST_KEY = "other-source-key-0123456789";
    public static final String DISPLAY_TOKEN = "test-display-token-0123456789";
    public static final String ANALYST_TOKEN = "test-analyst-token-0123456789";
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final MediationServer server;

    private TestServer(MediationServer server) {
        this.server = server;
    }

    public static TestServer start(Path dataDir) {
        return start(dataDir, overrides -> { });
    }

    /** Starts with test defaults, then {@code customise} may change any setting (same shape as application.yaml). */
    public static TestServer start(Path dataDir, Consumer<ObjectNode> customise) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putObject("http").put("port", 0).put("host", "127.0.0.1");
        o.putObject("clickhouse").put("dataDir", dataDir.toString());
        o.putObject("simulator").put("enabled", false);
        ObjectNode ingest = o.putObject("ingest");
        ingest.putArray("apiKeys").add(new ObjectMapper().createObjectNode().put("source", "test").put("key", INGEST_KEY))
                .add(new ObjectMapper().createObjectNode().put("source", "other").put("key", OTHER_INGEST_KEY));
        ObjectNode security = o.putObject("security");
        security.putArray("tokens")
                .add(new ObjectMapper().createObjectNode().put("name", "test-wall").put("token", DISPLAY_TOKEN).put("role", "display"))
                .add(new ObjectMapper().createObjectNode().put("name", "test-analyst").put("token", ANALYST_TOKEN).put("role", "analyst"))
                .add(new ObjectMapper().createObjectNode().put("name", "test-admin").put("token", ADMIN_TOKEN).put("role", "admin"));
        customise.accept(o);
        AppConfig config = ConfigLoader.withOverrides(o);
        MediationServer server = new MediationServer(config);
        try {
            server.start().await();
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException("test server failed to start: " + e.getMessage(), e);
        }
        return new TestServer(server);
    }

    public MediationServer server() {
        return server;
    }

    public int port() {
        return server.httpPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
