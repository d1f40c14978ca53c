package cn.haikou.mediation.storage.server;

import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.ClickHouseException;
import cn.haikou.mediation.storage.ConnectionClosedException;
import cn.haikou.mediation.storage.ErrorCodes;
import cn.haikou.mediation.storage.Identifiers;
import cn.haikou.mediation.storage.InsertFormat;
import cn.haikou.mediation.storage.JsonEachRowResult;
import cn.haikou.mediation.storage.QueryBounds;
import cn.haikou.mediation.storage.QueryLimitException;
import cn.haikou.mediation.storage.QueryParams;
import cn.haikou.mediation.storage.QueryPriority;
import cn.haikou.mediation.storage.QueryResult;
import cn.haikou.mediation.storage.RowWriter;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.ClientConfigProperties;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A ClickHouse server or cluster over HTTP, through the official client (client-v2 0.10.0). The
 * client's pooled HTTP connections play the part of the embedded transport's connection pool.
 *
 * <p>Query parameters: client-v2 0.10.0 (the released jar, revision 57aacb1) sends each value as
 * {@code param_<name>=String.valueOf(value)}, URL-encoded and otherwise untouched; it neither quotes
 * nor escapes (checked in its bytecode and on the wire). The server parses a scalar value as
 * TSV-escaped text, so backslash, tab, newline (and CR, NUL) are escaped here, once. An array value
 * is parsed as an array literal with no TSV layer, so {@link QueryParams}'s literal is sent as is
 * (checked against the engine: {@code ['a\\b']} arrives as {@code a\b}, a TSV-escaped one as
 * {@code a\\b}). Later client builds escape String values themselves (the commit tagged v0.10.0 in
 * the client's repository, not the one released, already does): with such a build this escaping
 * must go, or backslashes double; ClickHouseContractTest pins the wire form.
 */
public final class ServerClickHouse implements ClickHouse {

    private static final Logger LOG = LoggerFactory.getLogger(ServerClickHouse.class);
    private static final Map<String, String> CLUSTER_SETTINGS = Map.of(
            "distributed_foreground_insert", "1", "insert_quorum", "auto", "insert_quorum_timeout", "10000");
    /** As long as the embedded pool waits for a free connection. */
    private static final long CONNECTION_WAIT_SECONDS = 120;
    private static final long CONNECT_TIMEOUT_SECONDS = 10;
    /** Killing an abandoned query must not queue behind busy connections; the fallback is draining it. */
    private static final long KILL_WAIT_MILLIS = 2_000;

    private final Client client;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServerClickHouse(Client client, String url) {
        this.client = client;
        this.url = url;
    }

    /**
     * Connects to {@code url} with at most {@code poolSize} connections, creates {@code database} if
     * missing and makes it every statement's default database. Fails at once if the server cannot be
     * reached or refuses the user.
     */
    public static ClickHouse open(String url, String user, String password, String database, int poolSize, QueryBounds bounds) {
        return open(url, user, password, database, poolSize, bounds, null);
    }

    /**
     * On a cluster ({@code cluster} non-null), inserts into Distributed tables are forwarded to
     * the shards before the INSERT returns and need a quorum of replicas: otherwise they would be
     * queued and sent later, and an acknowledged event could still be lost.
     */
    public static ClickHouse open(String url, String user, String password, String database, int poolSize, QueryBounds bounds,
                                  String cluster) {
        Identifiers.require("database", database);
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
        Client client;
        try {
            Client.Builder builder = new Client.Builder()
                    .addEndpoint(url)
                    .setUsername(user == null || user.isBlank() ? "default" : user)
                    .setPassword(password == null ? "" : password)
                    .setDefaultDatabase(database)
                    .setMaxConnections(poolSize)
                    .setConnectionRequestTimeout(CONNECTION_WAIT_SECONDS, ChronoUnit.SECONDS)
                    .setConnectTimeout(CONNECT_TIMEOUT_SECONDS, ChronoUnit.SECONDS)
                    // No retries: the client's default also repeats "retryable" server errors, 159 and 241
                    // among them, so a statement over its bound would run four times; and a repeated INSERT
                    // could apply twice. Stale pooled connections are checked by the client before reuse.
                    .setMaxRetries(0);
            for (String[] setting : bounds.settings()) {
                builder.serverSetting(setting[0], setting[1]);
            }
            if (cluster != null) {
                CLUSTER_SETTINGS.forEach(builder::serverSetting);
            }
            client = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ClickHouseException(ClickHouseException.NO_CODE, "invalid ClickHouse URL " + url + ": " + e.getMessage(), e);
        }
        ServerClickHouse store = new ServerClickHouse(client, url);
        try {
            store.createDatabase(database, cluster);
        } catch (ClickHouseException e) {
            client.close();
            // Server refusals (bad credentials, missing grants) carry no URL; say which server refused.
            throw e.code() == ClickHouseException.NO_CODE ? e : new ClickHouseException(e.code(),
                    "ClickHouse at " + url + " refused to open database " + database + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        LOG.info("ClickHouse server at {} (database {}, {} connections) open", url, database, poolSize);
        return store;
    }

    @Override
    public String transport() {
        return "server";
    }

    @Override
    public String serverVersion() {
        return query("SELECT version() AS version").single().getString("version");
    }

    /** The whole statement runs before the answer starts, so that an error (also on another node of an ON CLUSTER statement) is an HTTP error, not a truncated 200. */
    @Override
    public void execute(String sql, Map<String, ?> params) {
        run(sql, params, new QuerySettings().serverSetting("wait_end_of_query", "1"));
    }

    @Override
    public QueryResult query(String sql, Map<String, ?> params) {
        String queryId = UUID.randomUUID().toString();
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow).setQueryId(queryId);
        QueryResponse response = send(sql, params, settings);
        return new JsonEachRowResult(new ResponseRows(response, () -> kill(queryId)), () -> { });
    }

    @Override
    public void insert(String table, List<String> columns, InsertFormat format, RowWriter writer) {
        Identifiers.insertTarget(table, columns);
        ensureOpen();
        InsertSettings settings = new InsertSettings().compressClientRequest(true)
                .serverSetting(QueryPriority.SETTING, Integer.toString(QueryPriority.WRITES));
        AtomicReference<Exception> writerFailure = new AtomicReference<>();
        try {
            DataStreamWriter rows = out -> {
                try {
                    writer.write(out);
                } catch (IOException | RuntimeException e) {
                    writerFailure.set(e);
                    throw e;
                }
            };
            ClickHouseFormat wireFormat = ClickHouseFormat.valueOf(format.clickHouseName());
            (columns.isEmpty() ? client.insert(table, rows, wireFormat, settings)
                    : client.insert(table, columns, rows, wireFormat, settings)).get().close();
        } catch (Exception e) {
            // The writer's own failure is the one to report, not the aborted request it caused.
            Exception own = writerFailure.get();
            if (own instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (own != null) {
                throw new ClickHouseException(ClickHouseException.NO_CODE, "insert into " + table + " failed: " + own.getMessage(), own);
            }
            throw failure(e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
            LOG.info("ClickHouse server at {} closed", url);
        }
    }

    /** The configured database may not exist yet, so this one statement runs in the user's default database. */
    private void createDatabase(String database, String cluster) {
        QuerySettings settings = new QuerySettings().setOption(ClientConfigProperties.DATABASE.getKey(), "");
        run("CREATE DATABASE IF NOT EXISTS " + database + (cluster == null ? "" : " ON CLUSTER '" + cluster + "'"), Map.of(), settings);
    }

    /**
     * Closing a response reads its body to the end (Apache HttpClient keeps the connection), which for
     * an abandoned large result lasts until the query ends; stopping the query first makes it short.
     * KILL reaches only the node that runs the query; elsewhere the drain is bounded by max_execution_time.
     */
    private void kill(String queryId) {
        if (closed.get()) {
            return;
        }
        QuerySettings settings = new QuerySettings()
                .setOption(ClientConfigProperties.CONNECTION_REQUEST_TIMEOUT.getKey(), KILL_WAIT_MILLIS);
        try {
            run("KILL QUERY WHERE query_id = {id:String} ASYNC", Map.of("id", queryId), settings);
        } catch (RuntimeException e) {
            LOG.debug("could not stop abandoned query {}: {}", queryId, e.toString());
        }
    }

    private void run(String sql, Map<String, ?> params, QuerySettings settings) {
        try (QueryResponse response = send(sql, params, settings.setFormat(ClickHouseFormat.TabSeparated))) {
            response.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (ClickHouseException e) {
            throw e;
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private QueryResponse send(String sql, Map<String, ?> params, QuerySettings settings) {
        ensureOpen();
        Map<String, Object> wire = new LinkedHashMap<>(QueryParams.wire(params));
        try {
            return client.query(sql, wire, settings).get();
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ConnectionClosedException("the ClickHouse store for " + url + " is closed");
        }
    }

    /** The server's own error keeps its code, so limits stay {@link QueryLimitException}s as in the embedded transport. */
    private RuntimeException failure(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (cause instanceof ServerException server) {
            int code = server.getCode() > 0 ? server.getCode() : ErrorCodes.parse(server.getMessage());
            return ErrorCodes.isLimit(code)
                    ? new QueryLimitException(code, server.getMessage())
                    : new ClickHouseException(code, server.getMessage(), server);
        }
        if (closed.get()) {
            return new ConnectionClosedException("the ClickHouse store for " + url + " was closed during the call");
        }
        if (cause instanceof ConnectionInitiationException) {
            return new ClickHouseException(ClickHouseException.NO_CODE,
                    "cannot reach ClickHouse at " + url + ": " + rootMessage(cause), cause);
        }
        return new ClickHouseException(ClickHouseException.NO_CODE, "ClickHouse at " + url + ": " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
