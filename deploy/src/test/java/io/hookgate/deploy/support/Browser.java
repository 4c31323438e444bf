package io.hookgate.deploy.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real headless Chromium (Debian's chromium + chromedriver, no browser download) for the console's tests.
 * Screenshots land in deploy/target/console-screenshots.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    private final WebDriver driver;
    private final WebDriverWait wait;

    private Browser(WebDriver driver) {
        this.driver = driver;
        this.wait = waitFor(driver, Duration.ofSeconds(15));
    }

    /** Skips the test class outside CI when Chromium is not installed; fails in CI. Call before starting the app. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") == null) {
            Assumptions.abort("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver); .ci/run installs them");
        }
        assertThat(installed).as("CI must have Debian's chromium and chromium-driver (.ci/run installs them)").isTrue();
    }

    public static Browser start() throws IOException {
        assumeInstalled();
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                        "--user-data-dir=" + Files.createTempDirectory("hookgate-chromium"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new Browser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return wait;
    }

    public WebDriverWait waiting(Duration timeout) {
        return waitFor(driver, timeout);
    }

    /**
     * Pages re-render lists whole (the deliveries refresh every few seconds), so an element a condition has just
     * found can be replaced before the condition reads it: that is a retry, not a failure.
     */
    private static WebDriverWait waitFor(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    public WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void signIn(int adminPort, String apiKey) {
        driver.get("http://127.0.0.1:" + adminPort + "/");
        visible(By.id("api-key")).sendKeys(apiKey);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        visible(By.id("nav"));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Uncaught JavaScript errors the page logged since the last call (network 4xx answers are not errors of the page). */
    public List<String> uncaughtErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("Uncaught")).toList();
    }

    /** A screenshot with this element scrolled to the middle of the window. */
    public void shot(String name, WebElement subject) throws IOException {
        script("arguments[0].scrollIntoView({block: 'center'})", subject);
        shot(name);
    }

    public void shot(String name) throws IOException {
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
