package cn.haikou.mediation.testing;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x of the test's own for its websocket clients, new for each test and closed after it
 * (with every client and socket it made), apart from the server's:
 * {@code @RegisterExtension final ClientVertx clients = new ClientVertx();}.
 */
public final class ClientVertx implements BeforeEachCallback, AfterEachCallback {

    private Vertx vertx;

    public Vertx get() {
        return vertx;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        vertx = Vertx.vertx();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        vertx.close().await();
    }
}
