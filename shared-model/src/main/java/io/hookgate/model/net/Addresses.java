package io.hookgate.model.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literals to bytes without ever resolving a name. */
public final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private Addresses() {
    }

    /** The address's bytes (4 or 16), or null when the text is not an IP literal. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        var v4 = IPV4.matcher(t);
        if (v4.matches()) {
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                out[i] = (byte) octet;
            }
            return out;
        }
        if (t.indexOf(':') < 0 || !IPV6.matcher(t).matches()) {
            return null;
        }
        try {
            // Only hex digits, colons and dots reach here: InetAddress parses the literal and never resolves.
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Whether an outbound webhook may go to this address without being allow-listed: not loopback, private,
     * link-local (cloud metadata lives there), multicast, unspecified, shared (CGNAT) or unique-local.
     */
    public static boolean isPublic(java.net.InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = unmapIpv4(address.getAddress());
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && first != 127 && first < 224 && !(first == 169 && second == 254)
                    && !(first == 100 && second >= 64 && second <= 127) && !(first == 10)
                    && !(first == 172 && second >= 16 && second <= 31) && !(first == 192 && second == 168);
        }
        return (b[0] & 0xfe) != 0xfc; // fc00::/7 unique local
    }

    public static byte[] unmapIpv4(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return new byte[]{address[12], address[13], address[14], address[15]};
    }
}
