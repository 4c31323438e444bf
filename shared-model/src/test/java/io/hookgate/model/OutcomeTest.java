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

/** The ingest outcomes and their statuses, exactly as the table in shared/API.md (copied to outcomes.csv). */
class OutcomeTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvFileSource(resources = "/outcomes.csv", numLinesToSkip = 1)
    void statusIsTheOnePublishedInTheContract(String name, int status) {
        assertThat(Outcome.valueOf(name).httpStatus()).isEqualTo(status);
    }

    @Test
    void everyOutcomeIsInTheContractAndNoOtherIs() throws IOException {
        List<String> documented;
        try (InputStream in = OutcomeTest.class.getResourceAsStream("/outcomes.csv")) {
            documented = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .filter(l -> !l.isBlank()).map(l -> l.split(",")[0].trim()).toList();
        }

        assertThat(Arrays.stream(Outcome.values()).map(Enum::name)).containsExactlyInAnyOrderElementsOf(documented);
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
