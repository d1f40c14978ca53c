package cn.haikou.mediation.testing;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's chromium and chromedriver) for the wall's browser tests. Both
 * paths are given explicitly, so Selenium Manager is never asked to find or download anything.
 * Each browser gets a fresh profile directory, removed on close.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** True where the test machine has Debian's chromium and chromedriver. */
    public static boolean available() {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        // bin/test installs the browser and sets this, so that there a missing browser fails
        // the run instead of quietly skipping every page test.
        if (!present && Boolean.getBoolean("browser.tests.required")) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are required (run bin/install-test-deps)");
        }
        return present;
    }

    /** Opens a headless browser whose viewport is {@code width} x {@code height} CSS pixels. */
    public static Browser open(int width, int height) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profile;
        try {
            profile = Files.createTempDirectory("wall-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=zh-CN",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        // for diagnosis, e.g. -Dbrowser.extraArgs='--js-flags=--no-opt --no-maglev' (soak runs): '|'-separated
        String extra = System.getProperty("browser.extraArgs", "").strip();
        if (!extra.isEmpty()) {
            options.addArguments(extra.split("\\|"));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        // --window-size is the window's outer size; the page must see exactly width x height.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return new Browser(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void get(String url) {
        driver.get(url);
    }

    /** Runs {@code script} in the page (arguments as {@code arguments[i]}) and returns its value. */
    @SuppressWarnings("unchecked")
    public <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Polls {@code probe} until it returns a non-null, non-false value or {@code timeout} passes. */
    public <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what, last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Writes a PNG of the viewport to {@code file}. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives the page a viewport of {@code width} x {@code height} CSS pixels. */
    public void resize(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** The DevTools Performance metrics (JSHeapUsedSize, Nodes, JSEventListeners, ...). */
    @SuppressWarnings("unchecked")
    public Map<String, Double> performanceMetrics() {
        driver.executeCdpCommand("Performance.enable", Map.of());
        Map<String, Object> answer = driver.executeCdpCommand("Performance.getMetrics", Map.of());
        Map<String, Double> out = new HashMap<>();
        for (Map<String, Object> metric : (List<Map<String, Object>>) answer.get("metrics")) {
            out.put((String) metric.get("name"), ((Number) metric.get("value")).doubleValue());
        }
        return out;
    }

    /** Runs a full garbage collection in the page, so heap samples compare live objects. */
    public void collectGarbage() {
        driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory is harmless
            }
        }
    }
}
