package cn.haikou.mediation.importer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The NYC 311 extracts under {@code shared/datasets/nyc311/}, found from the working directory
 * upwards (the project's module directory in Maven, one level deeper in a worktree), or at
 * {@code -Dnyc311.dir=...}.
 */
final class Datasets {

    static final String SUBSET_2011 = "311_subset_2011.csv";
    static final String SAMPLE_2013 = "311_sample_2013.csv";

    private Datasets() {
    }

    static Path nyc311(String file) {
        String configured = System.getProperty("nyc311.dir");
        if (configured != null) {
            return require(Path.of(configured).resolve(file));
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("datasets").resolve("nyc311").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("the NYC 311 dataset " + file + " was not found in shared/datasets/nyc311/ of "
                + start + " or any directory above it; set -Dnyc311.dir=DIR to point at it");
    }

    private static Path require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the NYC 311 dataset is not at " + file.toAbsolutePath());
        }
        return file;
    }
}
