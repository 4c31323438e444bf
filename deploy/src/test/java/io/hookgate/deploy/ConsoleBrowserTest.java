package io.hookgate.deploy;

import io.hookgate.deploy.support.Browser;
import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium ({@link Browser}): sign in, create a connection, send it a webhook,
 * watch it arrive in the live tail, open its detail. Screenshots of each step land in deploy/target/console-screenshots.
 */
class ConsoleBrowserTest {
    private static Hookgate app;
    private static Browser chromium;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeInstalled();
        app = TestApp.start(SharedKafka.bootstrap());
        chromium = Browser.start();
        browser = chromium.driver();
        wait = chromium.waiting();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void signInCreateAConnectionAndWatchAWebhookArriveInTheLiveTail() throws IOException {
        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        browser.get("http://127.0.0.1:" + app.adminPort() + "/");
        WebElement keyInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).as("no navigation before signing in").isFalse();
        shot("1-sign-in");
        keyInput.sendKeys(tenant.testKey());
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-name"))).sendKeys("Console made");
        new Select(browser.findElement(By.id("new-mode"))).selectByValue("SHARED_SECRET");
        shot("2-connections");
        browser.findElement(By.cssSelector("#create-title + .row button[type=submit]")).click();
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-secret]"))).getText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("connections"), "Console made"));
        shot("3-created-secret-shown-once");

        browser.findElement(By.linkText("Console made")).click();
        WebElement live = wait.until(ExpectedConditions.elementToBeClickable(By.id("live-toggle")));
        String connectionId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        live.click();
        wait.until(ExpectedConditions.attributeToBe(live, "aria-pressed", "true"));

        Http.Reply reply = Http.webhook(app.ingestPort(), connectionId)
                .header("x-webhook-secret", secret).header("x-request-id", "console-live-1")
                .body("{\"event\":\"order.paid\",\"amount\":4200}").send();
        assertThat(reply.status()).isEqualTo(202);

        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-request='console-live-1']")));
        shot("4-live-tail");
        row.click();
        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-payload")));
        assertThat(payload.getText()).contains("order.paid").contains("4200");
        assertThat(browser.findElement(By.id("detail-headers")).getText()).doesNotContain("x-webhook-secret").doesNotContain(secret);
        shot("5-request-detail");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-rows")));
        assertThat(browser.getPageSource()).as("the secret is never shown again").doesNotContain(secret);

        wait.until(ExpectedConditions.elementToBeClickable(By.id("capture"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("capture-status"), "Capturing"));
        await().atMost(Duration.ofSeconds(2)).until(() -> Http.webhook(app.ingestPort(), connectionId)
                .header("x-webhook-secret", secret).body("{\"order\":{\"id\":\"o1\",\"total\":3}}").send()
                .json().getString("outcome").equals("SAMPLE_CAPTURED"));
        browser.navigate().refresh();
        WebElement fields = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("schema-fields")));
        assertThat(fields.getText()).contains("{{webhook.order.id}}").contains("{{webhook.order.total}}");
        shot("6-schema-captured");

        browser.get("http://127.0.0.1:" + app.adminPort() + "/console/#/flows");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flow-name"))).sendKeys("Order follow-up");
        browser.findElement(By.cssSelector("#flow-name")).submit();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//td[text()='Order follow-up']")));
        browser.get("http://127.0.0.1:" + app.adminPort() + "/console/#/connections/" + connectionId);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bind-path"))).sendKeys("$.order.id");
        browser.findElement(By.id("bind-path")).submit();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//td[text()='Order follow-up']")));
        shot("7-flow-bound");
    }

    private static void shot(String name) throws IOException {
        chromium.shot(name);
    }
}
