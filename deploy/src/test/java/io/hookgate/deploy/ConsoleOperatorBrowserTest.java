package io.hookgate.deploy;

import io.hookgate.deploy.support.Browser;
import io.hookgate.deploy.support.Http;
import io.hookgate.deploy.support.SharedKafka;
import io.hookgate.deploy.support.Sink;
import io.hookgate.deploy.support.TestApp;
import io.hookgate.deploy.support.TestDatabase;
import io.hookgate.dispatcher.consume.BatchObserver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's operator pages in a real headless Chromium: outbound webhook endpoints (create with the secret
 * shown once, test events, the attempt log, retrying a failed delivery, edit, rotate, disable, delete) and contacts
 * (lookup and detail). Deliveries go to a local {@link Sink}, allowed over http by HOOKGATE_OUTBOUND_ALLOW.
 * Fields are found through their labels, so a field without a label fails the test.
 */
class ConsoleOperatorBrowserTest {
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(40);
    private static Hookgate app;
    private static Sink sink;
    private static Browser chromium;
    private static Http.Admin admin;

    @BeforeAll
    static void start() throws IOException {
        Browser.assumeInstalled();
        sink = new Sink();
        app = TestApp.start(SharedKafka.bootstrap(), Map.of("HOOKGATE_OUTBOUND_ALLOW", "127.0.0.1/32",
                "HOOKGATE_OUTBOUND_TIMEOUT_MS", "3000"), BatchObserver.NONE);
        TestDatabase.Tenant tenant = TestDatabase.newTenant();
        admin = new Http.Admin(app.adminPort(), tenant.testKey());
        chromium = Browser.start();
        chromium.signIn(app.adminPort(), tenant.testKey());
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @AfterEach
    void pageRaisedNoErrors() {
        assertThat(chromium.uncaughtErrors()).as("uncaught JavaScript errors").isEmpty();
    }

    @Test
    void endpointCreatedInTheConsoleShowsItsSecretOnceAndEveryDeliveryAttempt() throws IOException {
        String path = "/console-" + UUID.randomUUID();
        String url = sink.url(path);
        open("#/webhooks");
        WebElement form = chromium.visible(By.id("new-endpoint"));
        labelled(form, "URL").sendKeys(url);
        labelled(form, "Description").sendKeys("Console sink");
        assertThat(form.findElement(By.cssSelector("[data-event='flow.*']")).isSelected()).as("flow.* by default").isTrue();
        new Select(labelled(form, "Deliveries authenticate with")).selectByValue("bearer");
        labelled(form, "Token").sendKeys("console-token-1");
        button(form, "Add header").click();
        assertThat(active().getAttribute("id")).as("a new header row takes the focus").isEqualTo(labelled(form, "Header name").getAttribute("id"));
        labelled(form, "Header name").sendKeys("X-Console");
        labelled(form, "Value").sendKeys("header-secret-1");
        chromium.shot("webhooks-1-new-endpoint", labelled(form, "Deliveries authenticate with"));
        button(form, "Create endpoint").click();

        String secret = chromium.visible(By.cssSelector("#wh-created [data-secret]")).getText();
        assertThat(secret).startsWith("whsec_");
        assertThat(active().getAttribute("id")).as("focus moves to the secret").isEqualTo("wh-created");
        WebElement row = chromium.visible(By.cssSelector("#endpoints tr[data-endpoint]"));
        assertThat(row.getText()).contains(url).contains("flow.*").contains("active").contains("Bearer token + headers x-console");
        chromium.shot("webhooks-2-secret-shown-once", chromium.driver().findElement(By.id("wh-created")));

        row.findElement(By.linkText(url)).click();
        chromium.visible(By.xpath("//h1[text()='Console sink']"));
        assertSecretShownNowhere(secret);

        String first = sendTestEvent("{\"order\":\"o-42\"}");
        assertThat(first).startsWith("evt_");
        WebDriverWait slow = chromium.waiting(DELIVERY_WAIT);
        slow.until(ExpectedConditions.attributeToBe(By.cssSelector("li[data-delivery]"), "data-status", "SUCCEEDED"));
        assertThat(sink.received(path)).hasSize(1);
        Sink.Received received = sink.received(path).getFirst();
        assertThat(received.body()).contains("o-42");
        assertThat(received.headers()).containsEntry("authorization", "Bearer console-token-1").containsEntry("x-console", "header-secret-1");
        WebElement delivered = chromium.visible(By.cssSelector("li[data-delivery]"));
        assertThat(delivered.getText()).contains("flow.test").contains(first).contains("1 attempt").contains("HTTP 200");
        assertThat(delivered.findElements(By.cssSelector("[data-retry]"))).as("no retry for a delivered event").isEmpty();
        chromium.shot("webhooks-3-delivery-succeeded", delivered);

        sink.then(path, 400);
        String second = sendTestEvent("{\"order\":\"o-43\"}");
        By failed = By.cssSelector("li[data-delivery][data-status='FAILED']");
        WebElement failedItem = slow.until(ExpectedConditions.visibilityOfElementLocated(failed));
        assertThat(failedItem.getText()).contains(second).contains("HTTP 400");
        String deliveryId = failedItem.getAttribute("data-delivery");
        chromium.shot("webhooks-4-delivery-failed", failedItem);

        failedItem.findElement(By.cssSelector("[data-retry]")).click();
        By retried = By.cssSelector("li[data-delivery='" + deliveryId + "']");
        slow.until(ExpectedConditions.attributeToBe(retried, "data-status", "SUCCEEDED"));
        assertThat(sink.received(path)).hasSize(3);
        assertThat(active().getAttribute("data-key")).as("focus stays on the retried delivery").isEqualTo("log-" + deliveryId);
        WebElement item = chromium.driver().findElement(retried);
        assertThat(item.getText()).contains("2 attempts").contains("HTTP 200");
        button(item, "Show attempts").click();
        WebElement log = chromium.visible(By.id("attempts-" + deliveryId));
        assertThat(log.getText()).contains("#1").contains("HTTP 400").contains("#2").contains("HTTP 200")
                .contains("\"authorization\": \"Bearer ***\"").contains("\"x-console\": \"***\"");
        assertThat(chromium.driver().getPageSource()).doesNotContain("console-token-1").doesNotContain("header-secret-1");
        chromium.shot("webhooks-5-retried-attempt-log", log);

        assertFitsANarrowScreen("webhooks-6-narrow-screen");
    }

    @Test
    void endpointIsEditedRotatedDisabledAndDeleted() throws IOException {
        JsonObject endpoint = admin.post("/api/v1/webhooks", new JsonObject().put("url", sink.url("/managed-" + UUID.randomUUID()))
                .put("events", new JsonArray().add("flow.*")).put("description", "Managed sink")).json();
        String id = endpoint.getString("id");
        open("#/webhooks/" + id);
        chromium.visible(By.xpath("//h1[text()='Managed sink']"));

        WebElement edit = chromium.visible(By.id("wh-edit"));
        edit.click();
        assertThat(edit.getAttribute("aria-expanded")).isEqualTo("true");
        WebElement form = chromium.visible(By.id("wh-edit-form"));
        assertThat(active().getAttribute("id")).as("focus moves into the form").isEqualTo("edit-url");
        WebElement description = labelled(form, "Description");
        description.clear();
        description.sendKeys("Managed sink, edited");
        form.findElement(By.cssSelector("[data-event='flow.*']")).click();
        form.findElement(By.cssSelector("[data-event='contact.created']")).click();
        chromium.shot("webhooks-7-edit", form);
        button(form, "Save").click();
        chromium.visible(By.xpath("//h1[text()='Managed sink, edited']"));
        JsonObject saved = admin.get("/api/v1/webhooks/" + id).json();
        assertThat(saved.getJsonArray("events")).containsExactly("contact.created");
        assertThat(saved.getString("description")).isEqualTo("Managed sink, edited");

        WebElement grace = labelled(chromium.driver(), "Grace seconds");
        grace.clear();
        grace.sendKeys("3600");
        chromium.driver().findElement(By.id("rotate")).click();
        String rotated = chromium.visible(By.cssSelector("#rotate-result [data-secret]")).getText();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(endpoint.getString("secret"));
        assertThat(chromium.driver().findElement(By.id("rotate-result")).getText()).contains("stays valid until");
        chromium.shot("webhooks-8-rotated", chromium.driver().findElement(By.id("rotate-result")));

        chromium.visible(By.id("wh-toggle")).click();
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("wh-state"), "disabled"));
        assertThat(admin.get("/api/v1/webhooks/" + id).json().getBoolean("active")).isFalse();
        assertThat(chromium.visible(By.id("retry-note")).getText()).contains("enable it to retry");
        assertThat(chromium.driver().getPageSource()).as("a new page: the rotated secret is gone").doesNotContain(rotated);
        chromium.visible(By.id("wh-toggle")).click();
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("wh-state"), "active"));
        assertThat(chromium.driver().findElements(By.id("retry-note"))).isEmpty();

        chromium.visible(By.id("wh-delete")).click();
        chromium.waiting().until(ExpectedConditions.alertIsPresent()).accept();
        chromium.waiting().until(ExpectedConditions.urlToBe(consoleUrl("#/webhooks")));
        chromium.visible(By.id("endpoints-title"));
        assertThat(chromium.driver().findElements(By.cssSelector("tr[data-endpoint='" + id + "']"))).isEmpty();
        assertThat(admin.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
    }

    @Test
    void apiAndInputErrorsAreShownAtTheirField() throws IOException {
        open("#/webhooks");
        WebElement form = chromium.visible(By.id("new-endpoint"));
        labelled(form, "URL").sendKeys("http://example.com/hook");
        button(form, "Create endpoint").click();
        WebElement error = chromium.visible(By.cssSelector("#new-endpoint .form-error"));
        assertThat(error.getText()).startsWith("url must be https");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        WebElement url = labelled(form, "URL");
        assertThat(url.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(url.getAttribute("aria-describedby")).isEqualTo(error.getAttribute("id"));
        assertThat(active().getAttribute("id")).isEqualTo(url.getAttribute("id"));
        chromium.shot("webhooks-9-field-error", error);

        WebElement test = chromium.driver().findElement(By.cssSelector("[data-test-event]"));
        WebElement data = labelled(test, "Data");
        data.clear();
        data.sendKeys("{not json");
        button(test, "Send test event").click();
        assertThat(chromium.visible(By.cssSelector("[data-test-event] .form-error")).getText()).startsWith("data is not JSON");
        assertThat(active().getAttribute("id")).isEqualTo(data.getAttribute("id"));

        data.clear();
        data.sendKeys("{}");
        WebElement type = labelled(test, "Event type");
        type.clear();
        type.sendKeys("Order Paid");
        button(test, "Send test event").click();
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test-event] .form-error"), "type must be"));
        assertThat(type.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(data.getAttribute("aria-invalid")).as("the earlier error is cleared").isNull();
    }

    @Test
    void contactIsLookedUpByEmailAndPhoneAndOpened() throws IOException {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L));
        String email = "ada." + suffix + "@example.com";
        String phone = "+447" + suffix;
        Http.Reply created = admin.post("/api/v1/contacts", new JsonObject().put("name", "Ada Lovelace").put("email", email)
                .put("phone", phone).put("channelUserIds", new JsonObject().put("whatsapp", "wa-" + suffix)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String contactId = created.json().getString("id");

        open("#/contacts");
        WebElement form = chromium.visible(By.cssSelector("form[role=search]"));
        new Select(labelled(form, "Look up by")).selectByValue("email");
        labelled(form, "E-mail").sendKeys(email);
        chromium.shot("contacts-1-lookup");
        button(form, "Look up").click();
        chromium.waiting().until(ExpectedConditions.textToBe(By.id("contact-count"), "1 contact matches."));
        WebElement results = chromium.visible(By.id("contacts"));
        assertThat(results.getText()).contains("Ada Lovelace").contains(email).contains(phone);
        chromium.shot("contacts-2-found");

        results.findElement(By.linkText("Ada Lovelace")).click();
        WebElement detail = chromium.visible(By.id("contact-detail"));
        assertThat(detail.getText()).contains(contactId).contains(email).contains(phone);
        assertThat(chromium.visible(By.id("contact-channels")).getText()).contains("whatsapp").contains("wa-" + suffix);
        assertThat(chromium.driver().getCurrentUrl()).doesNotContain(email);
        chromium.shot("contacts-3-detail");

        chromium.driver().findElement(By.linkText("← Contacts")).click();
        chromium.waiting().until(ExpectedConditions.textToBe(By.id("contact-count"), "1 contact matches."));

        form = chromium.visible(By.cssSelector("form[role=search]"));
        new Select(labelled(form, "Look up by")).selectByValue("phone");
        WebElement value = labelled(form, "Phone");
        value.clear();
        value.sendKeys(phone);
        button(form, "Look up").click();
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("contacts"), "Ada Lovelace"));

        value.clear();
        value.sendKeys("12");
        button(form, "Look up").click();
        assertThat(chromium.visible(By.cssSelector("form[role=search] .form-error")).getText()).contains("international phone number");

        new Select(labelled(form, "Look up by")).selectByValue("email");
        value = labelled(form, "E-mail");
        value.clear();
        value.sendKeys("nobody." + suffix + "@example.com");
        button(form, "Look up").click();
        chromium.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("contact-count"), "No contact matches"));
        assertThat(chromium.driver().findElements(By.id("contacts"))).isEmpty();
    }

    /** Fills the test event form, sends it and returns the published event id. */
    private static String sendTestEvent(String json) {
        WebElement form = chromium.visible(By.cssSelector("[data-test-event]"));
        assertThat(labelled(form, "Event type").getAttribute("value")).isEqualTo("flow.test");
        WebElement data = labelled(form, "Data");
        data.clear();
        data.sendKeys(json);
        String before = form.findElement(By.cssSelector("[data-test-result]")).getText();
        button(form, "Send test event").click();
        chromium.waiting().until(d -> {
            String now = d.findElement(By.cssSelector("[data-test-result]")).getText();
            return now.startsWith("Published ") && !now.equals(before);
        });
        return form.findElement(By.cssSelector("[data-test-result]")).getText().split(" ")[1];
    }

    private static void assertSecretShownNowhere(String secret) {
        assertThat(chromium.driver().getPageSource()).doesNotContain(secret);
        assertThat(chromium.driver().getCurrentUrl()).doesNotContain(secret);
        assertThat(chromium.script("return localStorage.length")).isEqualTo(0L);
        assertThat((String) chromium.script("return JSON.stringify(Object.assign({}, sessionStorage))")).doesNotContain(secret);
    }

    /** A phone-sized window: nothing is wider than the screen, and the deliveries' buttons stay visible. */
    private static void assertFitsANarrowScreen(String shot) throws IOException {
        Dimension wide = chromium.driver().manage().window().getSize();
        chromium.driver().manage().window().setSize(new Dimension(390, 844));
        try {
            chromium.waiting().until(d -> ((Number) chromium.script("return window.innerWidth")).intValue() <= 400);
            assertThat(((Number) chromium.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue())
                    .as("horizontal overflow in pixels").isLessThanOrEqualTo(0);
            assertThat(chromium.driver().findElement(By.cssSelector("li[data-delivery] [data-key^='log-']")).isDisplayed()).isTrue();
            chromium.shot(shot, chromium.driver().findElement(By.cssSelector("li[data-delivery]")));
        } finally {
            chromium.driver().manage().window().setSize(wide);
        }
    }

    private static void open(String hash) {
        chromium.driver().get("about:blank");
        chromium.driver().get(consoleUrl(hash));
    }

    private static String consoleUrl(String hash) {
        return "http://127.0.0.1:" + app.adminPort() + "/console/" + hash;
    }

    /** The field a label names (by its for attribute): the test finds nothing that a screen reader could not. */
    private static WebElement labelled(SearchContext scope, String labelStart) {
        WebElement label = scope.findElement(By.xpath(".//label[starts-with(normalize-space(.), '" + labelStart + "')]"));
        String id = label.getAttribute("for");
        assertThat(id).as("label '" + labelStart + "' names its field").isNotBlank();
        return chromium.driver().findElement(By.id(id));
    }

    private static WebElement button(SearchContext scope, String text) {
        return scope.findElement(By.xpath(".//button[normalize-space(.)='" + text + "']"));
    }

    private static WebElement active() {
        return chromium.driver().switchTo().activeElement();
    }
}
