package io.hookgate.model.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlattenTest {
    private static JsonNode read(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void everyScalarLeafGetsItsDottedPathInDocumentOrder() throws Exception {
        Map<String, Object> leaves = Flatten.leaves(read("""
                {"type":"order.paid","data":{"attributes":{"title":"Hat","price":12.5,"qty":2,"gift":false,"note":null}},
                 "items":[{"sku":"a"},{"sku":"b","tags":["x","y"]}],"matrix":[[1,2],[3]]}"""));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "order.paid");
        expected.put("data.attributes.title", "Hat");
        expected.put("data.attributes.price", 12.5);
        expected.put("data.attributes.qty", 2L);
        expected.put("data.attributes.gift", false);
        expected.put("data.attributes.note", null);
        expected.put("items[0].sku", "a");
        expected.put("items[1].sku", "b");
        expected.put("items[1].tags[0]", "x");
        expected.put("items[1].tags[1]", "y");
        expected.put("matrix[0][0]", 1L);
        expected.put("matrix[0][1]", 2L);
        expected.put("matrix[1][0]", 3L);
        assertThat(leaves).containsExactlyEntriesOf(expected);
    }

    @Test
    void emptyContainersHaveNoLeaves() throws Exception {
        assertThat(Flatten.leaves(read("{\"a\":{},\"b\":[],\"c\":1}"))).containsExactly(Map.entry("c", 1L));
        assertThat(Flatten.leaves(read("{}"))).isEmpty();
    }

    @Test
    void aTopLevelArrayIsIndexedFromTheRoot() throws Exception {
        assertThat(Flatten.leaves(read("[{\"id\":1},2]"))).containsExactly(Map.entry("[0].id", 1L), Map.entry("[1]", 2L));
    }

    @Test
    void aScalarDocumentOrNothingHasNoLeaves() throws Exception {
        assertThat(Flatten.leaves(read("42"))).isEmpty();
        assertThat(Flatten.leaves(read("\"text\""))).isEmpty();
        assertThat(Flatten.leaves(null)).isEmpty();
    }

    @Test
    void integersTooBigForALongBecomeDoubles() throws Exception {
        assertThat(Flatten.leaves(read("{\"n\":123456789012345678901234567890,\"m\":9223372036854775807}")))
                .containsEntry("n", 1.2345678901234568E29)
                .containsEntry("m", Long.MAX_VALUE);
    }

    @Test
    void leavesAreCappedAtTenThousand() {
        ArrayNode many = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 12_000; i++) {
            many.add(i);
        }

        Map<String, Object> leaves = Flatten.leaves(JsonNodeFactory.instance.objectNode().set("n", many));

        assertThat(leaves).hasSize(10_000).containsKey("n[9999]").doesNotContainKey("n[10000]");
    }
}
