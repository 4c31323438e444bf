package io.hookgate.model.payload;

/**
 * Whether bytes are well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no encoded surrogates, nothing
 * above U+10FFFF, no truncated sequence) without a NUL, checked in place: no decoding, no allocation, an
 * ASCII run costing one comparison a byte. JSON must be UTF-8 (RFC 8259 §8.1), and bytes that pass this are
 * read by Jackson as UTF-8 (its encoding detection needs NULs or a non-UTF-8 byte order mark to guess otherwise).
 */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b > 0) { // ASCII, NUL excluded
                i++;
                continue;
            }
            if (b == 0) {
                return false;
            }
            int lead = b & 0xFF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                if (i + 1 >= to || !continuation(bytes[i + 1], 0x80, 0xBF)) {
                    return false;
                }
                i += 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                int low = lead == 0xE0 ? 0xA0 : 0x80;
                int high = lead == 0xED ? 0x9F : 0xBF;
                if (i + 2 >= to || !continuation(bytes[i + 1], low, high) || !continuation(bytes[i + 2], 0x80, 0xBF)) {
                    return false;
                }
                i += 3;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                int low = lead == 0xF0 ? 0x90 : 0x80;
                int high = lead == 0xF4 ? 0x8F : 0xBF;
                if (i + 3 >= to || !continuation(bytes[i + 1], low, high) || !continuation(bytes[i + 2], 0x80, 0xBF)
                        || !continuation(bytes[i + 3], 0x80, 0xBF)) {
                    return false;
                }
                i += 4;
            } else {
                return false; // a continuation byte without a lead, C0/C1 (overlong) or F5..FF
            }
        }
        return true;
    }

    private static boolean continuation(byte b, int low, int high) {
        int v = b & 0xFF;
        return v >= low && v <= high;
    }
}
