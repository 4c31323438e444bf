package io.hookgate.model.text;

/**
 * Text that the world typed (URL segments, header values, payload strings) made safe to store and show.
 * PostgreSQL refuses U+0000 in {@code text} and in {@code jsonb} strings ("invalid byte sequence",
 * "unsupported Unicode escape sequence"), which would turn a hostile request into a dead-lettered record;
 * an unpaired surrogate cannot be encoded as UTF-8 at all. Both become U+FFFD, everything else is kept.
 */
public final class StoredText {
    public static final char REPLACEMENT = '\uFFFD';

    private StoredText() {
    }

    /** {@code value} with NUL and unpaired surrogates replaced; the same instance when there were none. */
    public static String forPostgres(String value) {
        if (value == null || isClean(value, false)) {
            return value;
        }
        return replace(value, false, value.length());
    }

    /**
     * {@code value} for history and logs: every control character (C0, DEL, C1) and unpaired surrogate
     * replaced, cut to at most {@code maxChars} without splitting a surrogate pair.
     */
    public static String printable(String value, int maxChars) {
        if (value == null) {
            return null;
        }
        if (value.length() <= maxChars && isClean(value, true)) {
            return value;
        }
        return replace(value, true, maxChars);
    }

    /** True when {@code value} has no control character and no unpaired surrogate. */
    public static boolean isPrintable(String value) {
        return isClean(value, true);
    }

    private static boolean isClean(String value, boolean noControls) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || (noControls && Character.isISOControl(c))) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String replace(String value, boolean noControls, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxChars));
        for (int i = 0; i < value.length() && out.length() < maxChars; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (out.length() + 2 > maxChars) {
                    break;
                }
                out.append(c).append(value.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c) || (noControls && Character.isISOControl(c))) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
