package io.hookgate.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IdKindTest {

    @ParameterizedTest
    @EnumSource(IdKind.class)
    void generatedIdsArePrefixedWith24AlphanumericsAndWellFormed(IdKind kind) {
        String id = kind.generate();

        assertThat(id).matches(kind.prefix() + "_[0-9A-Za-z]{24}");
        assertThat(kind.isWellFormed(id)).isTrue();
    }

    @Test
    void everyCharacterOfTheAlphabetIsEquallyLikely() {
        Map<Character, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            for (char c : IdKind.RECORD.generate().substring(4).toCharArray()) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        // 480,000 characters, ~7,742 each (σ ≈ 87): a modulo bias would give the first eight 25 % more.
        assertThat(counts).hasSize(62);
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat((double) max / min).isLessThan(1.1);
    }

    @Test
    void prefixesAreDistinctSoAnIdNamesOneKind() {
        assertThat(Arrays.stream(IdKind.values()).map(IdKind::prefix)).doesNotHaveDuplicates();
        String connection = IdKind.CONNECTION.generate();
        assertThat(Arrays.stream(IdKind.values()).filter(k -> k.isWellFormed(connection))).containsExactly(IdKind.CONNECTION);
    }

    @Test
    void generatedIdsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 10_000).forEach(i -> ids.add(IdKind.REQUEST.generate()));
        assertThat(ids).hasSize(10_000);
    }

    /** Platform threads read random bytes ahead each into a buffer of their own; virtual threads read them per id. */
    @Test
    void idsMadeOnManyPlatformAndVirtualThreadsAtOnceDoNotRepeat() throws Exception {
        Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Runnable make = () -> IntStream.range(0, 2_000).forEach(i -> ids.add(IdKind.RECORD.generate()));
            threads.add(t % 2 == 0 ? Thread.ofPlatform().start(make) : Thread.ofVirtual().start(make));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(ids).hasSize(32_000).allMatch(IdKind.RECORD::isWellFormed);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {
            "",
            "con_",
            "con_abcdefghijklmnopqrstuvw",     // 23
            "con_abcdefghijklmnopqrstuvwxy",   // 25
            "CON_abcdefghijklmnopqrstuvwx",
            "org_abcdefghijklmnopqrstuvwx",
            "con-abcdefghijklmnopqrstuvwx",
            "con_abcdefghijklmnopqrstuv-x",
            "con_abcdefghijklmnopqrstuv_x",
            "con_abcdefghijklmnopqrstuvé1",
            " con_abcdefghijklmnopqrstuvwx",
            "con_abcdefghijklmnopqrstuvwx\n",
            "con_abcdefghijklmnopqrstuvwx/../x"})
    void malformedIdsAreRefusedBeforeAnyLookup(String id) {
        assertThat(IdKind.CONNECTION.isWellFormed(id)).isFalse();
    }

    @Test
    void nullIsNotWellFormed() {
        assertThat(IdKind.CONNECTION.isWellFormed(null)).isFalse();
    }

    @Test
    void aHandWrittenIdOfTheRightShapeIsWellFormed() {
        assertThat(IdKind.CONNECTION.isWellFormed("con_ABCDEFGHIJKLMNOPQRSTUVWX")).isTrue();
        assertThat(IdKind.FLOW.isWellFormed("flow_0123456789abcdefghijklmn")).isTrue();
    }
}
