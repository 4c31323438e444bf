package io.hookgate.model.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPathsTest {
    private static final JsonNode DOC = read("""
            {"data":{"customer":{"email":"Ann@Example.com","age":41,"balance":12.50,"vip":true,"nick":"",
                                 "tags":["a","b"],"none":null,"address":{"city":"Leeds"}}},
             "contacts":[{"wa_id":"447700900123"}],
             "items":[{"sku":"a","qty":1},{"sku":"b","qty":2}],
             "big":123456789012345678901234567890,
             "weird key":{"x-y":"dash"},
             "order":{"id":"ord_1"}}""");

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "$.data.customer.email        | Ann@Example.com",
            "data.customer.email          | Ann@Example.com",
            "$.contacts[0].wa_id          | 447700900123",
            "contacts[0].wa_id            | 447700900123",
            "$.items[1].sku               | b",
            "items[-1].sku                | b",
            "$.data.customer.age          | 41",
            "$.data.customer.balance      | 12.5",
            "$.data.customer.vip          | true",
            "$.big                        | 123456789012345678901234567890",
            "$['weird key']['x-y']        | dash",
            "$..wa_id                     | 447700900123",
            "$..city                      | Leeds",
            "order.id                     | ord_1"})
    void aPathToExactlyOneScalarAnswersItAsText(String path, String expected) {
        assertThat(JsonPaths.scalar(DOC, path)).hasValue(expected);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
            "$.data.customer",            // object
            "$.data.customer.tags",       // array
            "$.data.customer.none",       // null
            "$.data.customer.nick",       // empty string
            "$.data.customer.missing",    // missing leaf
            "$.nothing.here.at.all",      // missing branch
            "$.items[5].sku",             // index out of range
            "$.items[*].sku",             // several matches
            "$..sku",                     // several matches, deep scan
            "$..nothing",                 // deep scan, no match
            "$.data.customer.email.more", // through a scalar
            "$[[[",                       // not a path
            "",                           // nothing
            "$"})                         // the whole document
    void anythingButExactlyOneNonEmptyScalarIsEmpty(String path) {
        assertThat(JsonPaths.scalar(DOC, path)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$.count()", "count(//item)", "$.items.avg()", "$.items[*].sku.sum()", "$.data.customer.email.stddev()"})
    void functionsAreRefusedWhenConfiguredAndAStoredOneAnswersEmptyRatherThanAnError(String path) {
        assertThatThrownBy(() -> JsonPaths.compile(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not allowed in a path");

        assertThat(JsonPaths.scalar(DOC, path)).isEmpty();
    }

    @Test
    void aDocumentThatIsItselfAScalarOrArrayWorks() {
        assertThat(JsonPaths.scalar(read("[{\"id\":\"x\"}]"), "$[0].id")).hasValue("x");
        assertThat(JsonPaths.scalar(read("\"just text\""), "$.id")).isEmpty();
    }

    @Test
    void compileAcceptsBothFormsAndCachesThem() {
        assertThat(JsonPaths.compile("order.id").getPath()).isEqualTo("$['order']['id']");
        assertThat(JsonPaths.compile("$.order.id").getPath()).isEqualTo("$['order']['id']");
        assertThat(JsonPaths.compile("items[0].sku")).isSameAs(JsonPaths.compile("items[0].sku"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"$[[[", "$.", "$..", "a..", "$['unterminated"})
    void compileRefusesWhatIsNotAPathNamingIt(String path) {
        assertThatThrownBy(() -> JsonPaths.compile(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSONPath or dotted path: " + path);
    }

    @Test
    void aScalarIsAnOptionalOfText() {
        Optional<String> age = JsonPaths.scalar(DOC, "data.customer.age");
        assertThat(age).containsInstanceOf(String.class);
    }
}
