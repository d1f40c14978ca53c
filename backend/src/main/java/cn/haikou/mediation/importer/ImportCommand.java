package cn.haikou.mediation.importer;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.config.ConfigLoader;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.ingest.EventStore;
import cn.haikou.mediation.ingest.EventWriter;
import cn.haikou.mediation.storage.ClickHouse;
import cn.haikou.mediation.storage.Storage;
import cn.haikou.mediation.storage.embedded.EmbeddedClickHouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code mediation-server import FILE...}: imports CSV exports into the configured store with the
 * server's own configuration (same file, same environment variables), pack mapping, validation and
 * writer. For files beyond the HTTP body limit, and for first loads before the server runs.
 *
 * <p>Exit codes: 0 when every row was stored or rejected with a reason in the report; 1 when the
 * import could not finish (unreadable file, storage unavailable or in use, write failed); 2 for
 * usage and configuration errors (nothing was imported).
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Imports CSV exports of the hotline's work orders (one row per case) using the pack's csvImport column"
                        + " mapping. Each row becomes a 'received' event and, if it has a close time, a closing event;"
                        + " rows are validated like live events and re-importing a file stores nothing twice.",
                "With the embedded engine (the default) the server must be stopped while this runs, since one process"
                        + " owns a data directory; a running server takes files up to its body limit at"
                        + " POST /api/v1/imports instead."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every row was stored or rejected with a reason in the report",
                "1:the import could not finish (file unreadable, storage unavailable or in use)",
                "2:usage or configuration error; nothing was imported"})
public final class ImportCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ImportCommand.class);
    private static final long PROGRESS_EVERY_SECONDS = 5;

    @Option(names = "--pack", paramLabel = "PACK", description = "haikou, nyc311 or a pack file's path (default: the configured pack)")
    String pack;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = "import",
            description = "ingest source recorded on the imported events (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--report", paramLabel = "FILE",
            description = "CSV of the rejected rows (default: import-report-<date>-<time>.csv in the working directory)")
    Path report;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            description = "the files' character encoding, e.g. GB18030 (default: ${DEFAULT-VALUE})")
    Charset encoding;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "CSV files with a header line")
    List<Path> files;

    private final Map<String, String> environment;

    public ImportCommand() {
        this(System.getenv());
    }

    /** With an explicit environment (the configuration's overrides), for tests. */
    ImportCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Runs the command on its own, as {@code Main}'s sub-command does. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ImportCommand()).execute(args));
    }

    @Override
    public Integer call() {
        AppConfig config;
        Pack chosen;
        try {
            config = ConfigLoader.load(environment);
            chosen = Pack.load(pack != null ? pack : config.pack());
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        if (chosen.csvImport().isEmpty()) {
            LOG.error("pack {} has no csvImport mapping; add one to the pack file (see packs/haikou.yaml)", chosen.id());
            return 2;
        }
        EventParser parser = new EventParser(chosen, Clock.systemUTC());
        try {
            ImportMapping.of(chosen);
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                LOG.error("cannot read {}: no such file, or not readable", file.toAbsolutePath());
                return 2;
            }
        }
        Path reportFile = report != null ? report : Path.of("import-report-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".csv");

        ClickHouse clickHouse;
        try {
            clickHouse = Storage.open(config.clickhouse()).clickHouse();
        } catch (RuntimeException e) {
            explainStorageFailure(config.clickhouse(), e);
            return 1;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        EventWriter writer = null;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "import-progress");
            t.setDaemon(true);
            return t;
        });
        ImportProgress progress = new ImportProgress();
        try {
            writer = startWriter(clickHouse, config.ingest());
            stopOnShutdown(clickHouse, cancelled, writer);
            CsvImporter importer = new CsvImporter(parser, writer,
                    CsvImporter.chunkEvents(config.ingest()));
            LOG.info("importing {} file(s) with pack {} as source '{}' into {}; rejected rows go to {}", files.size(),
                    chosen.id(), source, where(config.clickhouse()), reportFile.toAbsolutePath());
            ticker.scheduleAtFixedRate(() -> logProgress("progress", progress), PROGRESS_EVERY_SECONDS, PROGRESS_EVERY_SECONDS,
                    TimeUnit.SECONDS);
            try (RejectionReport rejections = RejectionReport.create(reportFile)) {
                ImportSession session = new ImportSession(source, rejections, progress, cancelled::get);
                for (Path file : files) {
                    try (InputStream in = Files.newInputStream(file)) {
                        importer.importFile(session, file.getFileName().toString(), in, Files.size(file), encoding);
                    }
                    LOG.info("{} done", file);
                }
            }
            logProgress("import finished", progress);
            return 0;
        } catch (ImportFailedException e) {
            LOG.error("import stopped: {}", e.getMessage());
            logProgress("import stopped", progress);
            return 1;
        } catch (IOException | RuntimeException e) {
            LOG.error("import stopped: {}", e.toString());
            logProgress("import stopped", progress);
            return 1;
        } finally {
            ticker.shutdownNow();
            if (writer != null) {
                writer.close();
            }
            clickHouse.close();
        }
    }

    /** The writer exactly as the server configures it (MediationServer.startWriter), so imports batch and dedupe alike. */
    private static EventWriter startWriter(ClickHouse clickHouse, AppConfig.Ingest ingest) {
        EventWriter writer = new EventWriter(new EventStore(clickHouse), ingest, new SimpleMeterRegistry());
        writer.start(ingest.dedupWindowEvents());
        return writer;
    }

    /** On Ctrl-C: stop between rows and flush what was handed to the writer while the engine is still open. */
    private static void stopOnShutdown(ClickHouse clickHouse, AtomicBoolean cancelled, EventWriter writer) {
        Runnable stop = () -> {
            cancelled.set(true);
            writer.close();
        };
        if (clickHouse instanceof EmbeddedClickHouse embedded) {
            embedded.beforeEngineClose(stop);
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "import-shutdown"));
        }
    }

    private static void explainStorageFailure(AppConfig.ClickHouseConfig storage, RuntimeException e) {
        if (storage.embedded()) {
            LOG.error("cannot open the data directory {}: {}. One process at a time may use an embedded data directory:"
                            + " if the server is running on it, either stop the server and run this import again, or POST the"
                            + " file to the running server (files up to its http.bodyLimitBytes): curl -H 'Authorization: Bearer"
                            + " <ingest key>' -H 'Content-Type: text/csv' --data-binary @FILE http://<server>/api/v1/imports",
                    storage.dataPath().toAbsolutePath(), e.getMessage());
        } else {
            LOG.error("cannot open ClickHouse at {}: {}", storage.url(), e.getMessage());
        }
    }

    private static String where(AppConfig.ClickHouseConfig storage) {
        return storage.embedded() ? "the embedded engine on " + storage.dataPath().toAbsolutePath() : storage.url();
    }

    private static void logProgress(String what, ImportProgress progress) {
        ImportCounts c = progress.snapshot();
        double fraction = c.fractionRead();
        LOG.info("{}: {} rows read{}: {} stored ({} new, {} already present), {} rejected; {} events stored; {} rows/s",
                what, c.rowsRead(), fraction < 0 ? "" : String.format(" (%.0f%% of the input)", fraction * 100), c.stored(),
                c.storedNew(), c.alreadyPresent(), c.rejected(), c.eventsStored(), Math.round(progress.rowsPerSecond()));
    }
}
