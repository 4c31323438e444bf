package io.hookgate.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The instructions of a Containerfile, with line continuations joined and comments dropped. */
record Containerfile(List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {
    }

    static Containerfile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()));
                current.setLength(0);
            }
        }
        return new Containerfile(List.copyOf(instructions));
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** The last instruction of a kind (the one that counts for USER, ENTRYPOINT, HEALTHCHECK), or null. */
    String last(String keyword) {
        List<String> all = all(keyword);
        return all.isEmpty() ? null : all.getLast();
    }

    /** Names set by ENV, in either {@code ENV A=1 B=2} or {@code ENV A 1} form. */
    List<String> envNames() {
        List<String> names = new ArrayList<>();
        for (String env : all("ENV")) {
            if (env.contains("=")) {
                for (String pair : env.split("\\s+(?=[A-Za-z_][A-Za-z0-9_]*=)")) {
                    names.add(pair.substring(0, pair.indexOf('=')));
                }
            } else {
                names.add(env.split("\\s+")[0]);
            }
        }
        return names;
    }

    /** The sources of every COPY (options such as --chmod skipped; the last word is the destination). */
    List<String> copySources() {
        List<String> sources = new ArrayList<>();
        for (String copy : all("COPY")) {
            List<String> words = new ArrayList<>(List.of(copy.split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }
}
