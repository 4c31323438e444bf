package io.hookgate.gateway.common;

import io.hookgate.model.text.StoredText;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque position in a list ordered by (time, id): what {@code nextCursor} hands out and
 * {@code ?cursor=} takes back. Opaque so that clients cannot depend on its contents.
 */
public record PageCursor(Instant createdAt, String id) {

    public String encode() {
        String raw = createdAt.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or empty when the text is not one this server produced. */
    public static Optional<PageCursor> decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar <= 0 || bar == raw.length() - 1) {
                return Optional.empty();
            }
            String id = raw.substring(bar + 1);
            // Ours only ever hold generated ids; anything with a control character was made up (and NUL would reach SQL).
            return StoredText.isPrintable(id) ? Optional.of(new PageCursor(Instant.parse(raw.substring(0, bar)), id)) : Optional.empty();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
