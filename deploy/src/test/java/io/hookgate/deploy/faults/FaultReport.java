package io.hookgate.deploy.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The suite's table: per fault, how often it was injected, what was acknowledged meanwhile, and what went wrong. */
final class FaultReport {
    /** One fault's line; {@code maxRecoveryMs} is the slowest of its injections. */
    record Row(Fault fault, int injected, int acknowledged, int lost, int duplicated, long maxRecoveryMs) {
    }

    private final long seed;
    private final List<Row> rows = new ArrayList<>();

    FaultReport(long seed) {
        this.seed = seed;
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder("Fault injection (seed ").append(seed)
                .append("; replay with -Dfaults.seed=").append(seed).append(")\n\n")
                .append("| fault | injected | acknowledged | lost | duplicated | max recovery ms |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            out.append("| ").append(row.fault().description()).append(" | ").append(row.injected()).append(" | ")
                    .append(row.acknowledged()).append(" | ").append(row.lost()).append(" | ").append(row.duplicated())
                    .append(" | ").append(row.maxRecoveryMs()).append(" |\n");
        }
        return out.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
