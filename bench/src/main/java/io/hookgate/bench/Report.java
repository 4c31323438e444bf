package io.hookgate.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's findings: a Markdown table for people and a JSON document for tools and CI. */
final class Report {
    private final JsonObject json = new JsonObject();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** The JSON section {@code name}, created on first use. */
    JsonObject section(String name) {
        if (!json.containsKey(name)) {
            json.put(name, new JsonObject());
        }
        return json.getJsonObject(name);
    }

    void row(String scenario, String hookgate, String baseline, String ratio) {
        rows.add(new String[]{scenario, hookgate, baseline, ratio});
        System.out.println(scenario + ": " + hookgate + (baseline.isEmpty() ? "" : " vs " + baseline + " → " + ratio));
    }

    /** A row comparing two load results (the generator's JSON) by throughput, with their p99s. */
    void compare(String scenario, JsonObject hookgate, JsonObject baseline) {
        long h = hookgate.getLong("throughputPerSecond");
        long b = baseline.getLong("throughputPerSecond");
        row(scenario, h + "/s (p99 " + hookgate.getDouble("p99Ms") + " ms)", b + "/s (p99 " + baseline.getDouble("p99Ms") + " ms)",
                ratioText(h, b));
        if (hookgate.getLong("failed") > 0) {
            note(scenario + ": " + hookgate.getLong("failed") + " requests failed (" + hookgate.getJsonObject("failures").encode() + ")");
        }
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    /** value / baseline to two decimals; 0 when the baseline measured nothing (a starved machine, noted in the report). */
    static double ratio(double value, double baseline) {
        return baseline <= 0 ? 0 : Math.round(100.0 * value / baseline) / 100.0;
    }

    static String ratioText(double value, double baseline) {
        return baseline <= 0 ? "–" : String.format("%.2f", ratio(value, baseline));
    }

    void write(Path out, String preamble, String footnote) throws IOException {
        StringBuilder md = new StringBuilder("# Hookgate benchmark\n\n").append(preamble).append("\n\n");
        md.append("| scenario | Hookgate | baseline | ratio |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append('\n').append(footnote).append('\n');
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        json.put("notes", new io.vertx.core.json.JsonArray(new ArrayList<>(notes)));
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.md"), md.toString());
        Files.writeString(out.resolve("report.json"), json.encodePrettily());
        System.out.println("wrote " + out.resolve("report.md") + " and " + out.resolve("report.json"));
    }

    JsonObject json() {
        return json;
    }
}
