package io.hookgate.model.contact;

import io.hookgate.model.text.StoredText;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one normal form of each contact identifier, used when contacts are stored and when webhooks are
 * matched to them: e-mails trimmed and lower-cased; phones in E.164 (international numbers only — a
 * leading {@code 00} becomes {@code +}, spaces, dots, dashes and brackets go); chat and channel user ids
 * trimmed, channel names lower-cased. A value with a control character (NUL included) or broken UTF-16 is
 * no identifier at all: it could neither be stored nor matched.
 */
public final class ContactKeys {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern TRUNK_ZERO = Pattern.compile("^((?:\\+|00)[1-9][0-9]{0,2})\\s*\\(0\\)");
    private static final Pattern PHONE_NOISE = Pattern.compile("[\\s().\\-]");
    private static final int MAX_ID = 256;

    private ContactKeys() {
    }

    public static Optional<String> email(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String e = raw.trim().toLowerCase(Locale.ROOT);
        return EMAIL.matcher(e).matches() && StoredText.isPrintable(e) ? Optional.of(e) : Optional.empty();
    }

    public static Optional<String> phone(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        // "+44 (0)7700 900123": the bracketed national trunk 0 is not dialled after a country code.
        String p = PHONE_NOISE.matcher(TRUNK_ZERO.matcher(raw.trim()).replaceFirst("$1")).replaceAll("");
        if (p.startsWith("00")) {
            p = "+" + p.substring(2);
        } else if (!p.startsWith("+") && p.length() >= 10 && p.chars().allMatch(Character::isDigit)) {
            // Providers such as WhatsApp send international numbers without the plus (447700900123).
            p = "+" + p;
        }
        return E164.matcher(p).matches() ? Optional.of(p) : Optional.empty();
    }

    public static Optional<String> id(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String t = raw.trim();
        return t.isEmpty() || t.length() > MAX_ID || !StoredText.isPrintable(t) ? Optional.empty() : Optional.of(t);
    }

    public static Optional<String> channel(String raw) {
        return id(raw).map(c -> c.toLowerCase(Locale.ROOT)).filter(c -> c.matches("[a-z0-9_.-]{1,64}"));
    }

    /** The normal form of a value of the given identifier type (EMAIL, PHONE, CHAT_ID, CHANNEL_USER_ID). */
    public static Optional<String> normalise(String type, String raw) {
        return switch (type) {
            case "EMAIL" -> email(raw);
            case "PHONE" -> phone(raw);
            default -> id(raw);
        };
    }
}
