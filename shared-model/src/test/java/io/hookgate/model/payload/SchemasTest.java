package io.hookgate.model.payload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.model.payload.Schemas.Field;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemasTest {

    @Test
    void everyLeafBecomesATypedFieldSortedByPath() throws Exception {
        var sample = new ObjectMapper().readTree("""
                {"type":"order.paid","data":{"id":7,"total":12.5,"paid":true,"coupon":null,"email":"a@b.c"},
                 "items":[{"sku":"a"}]}""");

        assertThat(Schemas.infer(sample)).containsExactly(
                new Field("data.coupon", "null", false),
                new Field("data.email", "string", true),
                new Field("data.id", "integer", true),
                new Field("data.paid", "boolean", true),
                new Field("data.total", "number", true),
                new Field("items[0].sku", "string", true),
                new Field("type", "string", true));
    }

    @Test
    void anXmlSampleHasOnlyStringFieldsNamedFromTheRootElement() {
        Payload xml = Payload.xml("<order id=\"7\"><email>a@b.c</email><qty>2</qty></order>".getBytes());

        assertThat(Schemas.infer(xml.tree())).containsExactly(
                new Field("order.@id", "string", true),
                new Field("order.email", "string", true),
                new Field("order.qty", "string", true));
    }

    @Test
    void anEmptyObjectHasAnEmptySchema() throws Exception {
        assertThat(Schemas.infer(new ObjectMapper().readTree("{}"))).isEmpty();
    }
}
