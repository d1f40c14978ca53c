package cn.haikou.mediation;

import cn.haikou.mediation.bootstrap.MediationServer;
import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.config.ConfigLoader;
import cn.haikou.mediation.importer.ImportCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * The server's entry point: {@code java -jar mediation-server.jar} serves; sub-commands run the
 * operator tools.
 */
@Command(name = "mediation-server", mixinStandardHelpOptions = true,
        description = "Haikou 12345 people's-mediation command centre: ingest, live wall screen, analytics.",
        subcommands = {CommandLine.HelpCommand.class, ImportCommand.class})
public final class Main implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** Serves until the process is stopped (SIGTERM/SIGINT run an orderly shutdown). */
    @Override
    public Integer call() {
        AppConfig config;
        try {
            config = ConfigLoader.load(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        MediationServer server = new MediationServer(config);
        try {
            server.start().await();
        } catch (Exception e) {
            LOG.error("start-up failed: {}", e.getMessage());
            server.stop();
            return 1;
        }
        Banner.print(server, config);
        return 0;
    }
}
