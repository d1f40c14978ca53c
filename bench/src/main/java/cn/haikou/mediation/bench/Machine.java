package cn.haikou.mediation.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line describing where a benchmark ran, for the README next to its figures. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = "unknown cpu";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux; the core count and memory still say enough
        }
        long memGb = 0;
        try {
            memGb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024).orElse(0L);
        } catch (IOException ignored) {
            // as above
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGb + " GiB RAM, Java "
                + System.getProperty("java.version") + ", load average " + loadAverage();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * CPU time (user + system) a process has used, in seconds, from /proc (clock ticks of 1/100 s);
     * 0 where /proc is missing. For the benchmarks' figures: on a machine shared with other work it
     * swings far less than throughput does, so a change that saves work shows there even when the
     * events per second of two runs minutes apart cannot tell it from the noise.
     */
    static double cpuSeconds(long pid) {
        try {
            String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Resident set size of a process in MB, from /proc. */
    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
