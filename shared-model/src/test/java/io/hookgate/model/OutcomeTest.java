package io.hookgate.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest outcomes and their statuses: exactly the table in shared/API.md (copied to outcomes.csv), plus the
 * HTTP-level refusals the limits of the reliability issue add where that table is silent (outcomes-http-limits.csv).
 */
class OutcomeTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvFileSource(resources = {"/outcomes.csv", "/outcomes-http-limits.csv"}, numLinesToSkip = 1)
    void statusIsTheOnePublishedInTheContract(String name, int status) {
        assertThat(Outcome.valueOf(name).httpStatus()).isEqualTo(status);
    }

    @Test
    void everyOutcomeIsInTheContractAndNoOtherIs() throws IOException {
        List<String> documented = new java.util.ArrayList<>(names("/outcomes.csv"));
        documented.addAll(names("/outcomes-http-limits.csv"));

        assertThat(Arrays.stream(Outcome.values()).map(Enum::name)).containsExactlyInAnyOrderElementsOf(documented);
    }

    private static List<String> names(String resource) throws IOException {
        try (InputStream in = OutcomeTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .filter(l -> !l.isBlank()).map(l -> l.split(",")[0].trim()).toList();
        }
    }

    @Test
    void onlyAcceptedAndSampleCapturedCountAsSuccess() {
        assertThat(Arrays.stream(Outcome.values()).filter(Outcome::isSuccess))
                .containsExactlyInAnyOrder(Outcome.ACCEPTED, Outcome.SAMPLE_CAPTURED);
    }

    @Test
    void everyOutcomeHasAMessageForTheSender() {
        assertThat(Outcome.values()).allSatisfy(o -> assertThat(o.defaultMessage()).isNotBlank());
    }
}
