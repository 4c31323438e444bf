package io.hookgate.model.payload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.PayloadFormat;
import io.hookgate.model.payload.Payload.PayloadParseException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String reasonOf(Runnable parse) {
        try {
            parse.run();
        } catch (PayloadParseException e) {
            return e.reason();
        }
        throw new AssertionError("expected the body to be refused");
    }

    @Nested
    class Json {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{}", "[]", "{\"a\":[1,2,{\"b\":null}]}", "42", "\"text\"", "true", "null", "  {\"a\":1}  \n",
                "{\"emoji\":\"🚀\",\"escaped\":\"\\u00e9\"}"})
        void anyJsonDocumentParses(String body) throws Exception {
            Payload payload = Payload.json(utf8(body));

            assertThat(payload.tree()).isEqualTo(JSON.readTree(body));
            assertThat(payload.isXml()).isFalse();
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"", " ", "\n\t  "})
        void anEmptyBodyIsRefusedAsEmpty(String body) {
            assertThat(reasonOf(() -> Payload.json(utf8(body)))).isEqualTo("empty_body");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{", "}", "{\"a\":}", "{'a':1}", "{a:1}", "[1,]", "{\"a\":1,}", "NaN", "{\"a\":01}",
                "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "[1] [2]", "\"unterminated", "{\"a\":\"\u0001\"}", "<a/>", "tru",
                "{\"a\" 1}", "// comment\n{}", "{\"a\":1e}"})
        void anythingElseIsRefusedAsMalformed(String body) {
            assertThat(reasonOf(() -> Payload.json(utf8(body)))).isEqualTo("malformed_json");
        }

        @Test
        void invalidUtf8IsRefusedBeforeParsing() {
            byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};

            assertThat(reasonOf(() -> Payload.json(body))).as("strict UTF-8: refused before parsing").isEqualTo("invalid_utf8");
        }

        @Test
        void nestingIsAllowedUpToTheMaximumDepthAndRefusedBeyondIt() {
            int max = Payload.MAX_DEPTH;
            assertThat(Payload.json(utf8("[".repeat(max) + "]".repeat(max))).tree().isArray()).isTrue();

            assertThat(reasonOf(() -> Payload.json(utf8("[".repeat(max + 1) + "]".repeat(max + 1))))).isEqualTo("malformed_json");
            assertThat(reasonOf(() -> Payload.json(utf8("{\"a\":".repeat(100_000))))).isEqualTo("malformed_json");
        }

        @Test
        void numbersLongerThanAThousandDigitsAreRefused() {
            assertThat(Payload.json(utf8("[" + "9".repeat(1000) + "]")).tree().get(0).isBigInteger()).isTrue();

            assertThat(reasonOf(() -> Payload.json(utf8("[" + "9".repeat(1001) + "]")))).isEqualTo("malformed_json");
        }

        @Test
        void parseDispatchesOnTheConnectionsFormat() {
            assertThat(Payload.parse(PayloadFormat.JSON, utf8("{}")).isXml()).isFalse();
            assertThat(Payload.parse(PayloadFormat.XML, utf8("<a/>")).isXml()).isTrue();
            assertThat(reasonOf(() -> Payload.parse(PayloadFormat.JSON, utf8("<a/>")))).isEqualTo("malformed_json");
            assertThat(reasonOf(() -> Payload.parse(PayloadFormat.XML, utf8("{}")))).isEqualTo("malformed_xml");
        }

        @Test
        void scalarOnJsonUsesJsonPathOrDottedPaths() {
            Payload payload = Payload.json(utf8("{\"order\":{\"id\":\"ord_1\",\"lines\":[{\"sku\":\"a\"}]}}"));

            assertThat(payload.scalar("$.order.id")).hasValue("ord_1");
            assertThat(payload.scalar("order.lines[0].sku")).hasValue("a");
            assertThat(payload.scalar("/order/id")).as("XPath only applies to XML").isEmpty();
        }
    }

    @Nested
    class Xml {
        private static final String ORDER = """
                <?xml version="1.0" encoding="UTF-8"?>
                <order id="7" status="paid">
                  <customer><email> Ann@Example.com </email><phone/></customer>
                  <item sku="a"/>
                  <item sku="b">second</item>
                  <item sku="c"><qty>3</qty></item>
                  <note>hi &amp; bye</note>
                  <cdata><![CDATA[<not-a-tag>]]></cdata>
                  <empty></empty>
                </order>""";

        private final Payload order = Payload.xml(utf8(ORDER));

        @Test
        void elementsBecomeObjectsAttributesAtNamesAndRepeatsArrays() throws Exception {
            assertThat(order.isXml()).isTrue();
            assertThat(order.tree()).isEqualTo(JSON.readTree("""
                    {"order":{"@id":"7","@status":"paid",
                      "customer":{"email":"Ann@Example.com","phone":""},
                      "item":[{"@sku":"a"},{"@sku":"b","#text":"second"},{"@sku":"c","qty":"3"}],
                      "note":"hi & bye","cdata":"<not-a-tag>","empty":""}}"""));
        }

        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = '|', nullValues = "EMPTY", value = {
                "/order/customer/email          | Ann@Example.com",
                "//email                        | Ann@Example.com",
                "/order/@id                     | 7",
                "string(/order/@status)         | paid",
                "(//item)[2]                    | second",
                "/order/item[@sku='c']/qty      | 3",
                "/order/note                    | hi & bye",
                "order.customer.email           | Ann@Example.com",
                "$.order.item[1]['@sku']        | b",
                "$['order']['@id']              | 7",
                "//item                         | EMPTY",
                "/order/customer                | EMPTY",
                "/order/customer/phone          | EMPTY",
                "/order/missing                 | EMPTY",
                "string(/order/missing)         | EMPTY",
                "/order/item[                   | EMPTY",
                "order.item                     | EMPTY",
                "count(//item)                  | EMPTY"})
        void scalarAnswersXPathAndPathsOnTheTreeForSingleTextValuesOnly(String path, String expected) {
            assertThat(order.scalar(path)).isEqualTo(java.util.Optional.ofNullable(expected));
        }

        @Test
        void xpathAnswersTheSameFromManyThreads() throws Exception {
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int t = 0; t < 4; t++) {
                Payload mine = Payload.xml(utf8("<o><id>" + t + "</id></o>"));
                String expected = Integer.toString(t);
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        String got = mine.scalar("/o/id").orElse("<none>");
                        if (!got.equals(expected)) {
                            wrong.add(got + "≠" + expected);
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(wrong).isEmpty();
        }

        static Stream<Path> hostileDocuments() throws IOException, URISyntaxException {
            Path dir = Path.of(PayloadTest.class.getResource("/payload/hostile-xml").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.sorted().toList().stream();
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hostileDocuments")
        void anyDoctypeIsRefusedBeforeAnythingIsExpandedOrFetched(Path file) throws IOException {
            byte[] body = Files.readAllBytes(file);
            long started = System.nanoTime();

            assertThat(reasonOf(() -> Payload.xml(body))).isEqualTo("doctype_forbidden");
            assertThat(System.nanoTime() - started).as("refused at once").isLessThan(2_000_000_000L);
        }

        @Test
        void aDoctypeInUtf16IsRefusedToo() {
            byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"
                    .getBytes(StandardCharsets.UTF_16);

            assertThat(reasonOf(() -> Payload.xml(body))).isEqualTo("doctype_forbidden");
        }

        @Test
        void xincludeIsNotProcessed() {
            Payload payload = Payload.xml(utf8(
                    "<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></a>"));

            assertThat(payload.tree().get("a").get("xi:include").get("@href").asText()).isEqualTo("file:///etc/passwd");
            assertThat(payload.tree().toString()).doesNotContain("root:");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"<a>", "<a></b>", "not xml", "<a/><b/>", "<a>&undeclared;</a>", "<?xml version=\"1.0\"?>",
                "<a x='1' x='2'/>", "<a>\u0001</a>", "<a><b></a></b>", "{\"a\":1}", "   "})
        void malformedDocumentsAreRefusedAsMalformed(String body) {
            assertThat(reasonOf(() -> Payload.xml(utf8(body)))).isEqualTo("malformed_xml");
        }

        @Test
        void anEmptyBodyIsRefusedAsEmpty() {
            assertThat(reasonOf(() -> Payload.xml(new byte[0]))).isEqualTo("empty_body");
        }

        @Test
        void deeplyNestedDocumentsAreRefused() {
            // The JDK's own secure-processing limit (jdk.xml.maxElementDepth, 100) refuses these before the
            // tree conversion's MAX_DEPTH can: beyond 100 levels the reason is malformed_xml.
            assertThat(Payload.xml(utf8("<a>".repeat(100) + "x" + "</a>".repeat(100))).tree().get("a")).isNotNull();

            assertThat(reasonOf(() -> Payload.xml(utf8("<a>".repeat(101) + "x" + "</a>".repeat(101)))))
                    .isIn("too_deep", "malformed_xml");
            assertThat(reasonOf(() -> Payload.xml(utf8("<a>".repeat(Payload.MAX_DEPTH + 1) + "</a>".repeat(Payload.MAX_DEPTH + 1)))))
                    .isIn("too_deep", "malformed_xml");
        }

        @Test
        void pathsAreValidatedInTheConnectionsFormat() {
            Payload.validatePath(PayloadFormat.XML, "/order/customer/email");
            Payload.validatePath(PayloadFormat.XML, "order.customer.email");
            Payload.validatePath(PayloadFormat.JSON, "$.order.id");

            assertThatThrownBy(() -> Payload.validatePath(PayloadFormat.XML, "/order/item["))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an XPath");
            assertThatThrownBy(() -> Payload.validatePath(PayloadFormat.JSON, "$[[["))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Payload.validatePath(PayloadFormat.XML, "$[[["))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void xpathsAreRecognisedByTheirLeadingCharacter() {
            assertThat(Payload.isXPath("/a")).isTrue();
            assertThat(Payload.isXPath("//a")).isTrue();
            assertThat(Payload.isXPath("string(/a)")).isTrue();
            assertThat(Payload.isXPath("(//a)[1]")).isTrue();
            assertThat(Payload.isXPath("$.a")).isFalse();
            assertThat(Payload.isXPath("a.b")).isFalse();
        }
    }

    @Test
    void theHostileDocumentsAreReallyThere() throws Exception {
        try (InputStream in = PayloadTest.class.getResourceAsStream("/payload/hostile-xml/billion-laughs.xml")) {
            assertThat(in).isNotNull();
        }
        assertThat(Xml.hostileDocuments()).hasSizeGreaterThanOrEqualTo(10);
    }
}
