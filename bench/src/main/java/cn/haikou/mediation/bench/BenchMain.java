package cn.haikou.mediation.bench;

import cn.haikou.mediation.bench.analytics.AnalyticsBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmarks: {@code java -jar bench/target/mediation-bench.jar <transport|ingest|fanout|analytics> --help}.
 * Each prints the machine it ran on and a markdown table for the README.
 */
@Command(name = "mediation-bench", mixinStandardHelpOptions = true,
        subcommands = {TransportBench.class, IngestBench.class, FanoutBench.class, AnalyticsBench.class, CommandLine.HelpCommand.class})
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
