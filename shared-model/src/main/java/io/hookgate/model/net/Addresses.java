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
     * link-local (cloud metadata lives there), multicast, unspecified, shared (CGNAT), reserved, benchmarking,
     * documentation (2001:db8::/32, 3fff::/20), IETF protocol assignments (2001::/23: Teredo, IPv6 benchmarking) or
     * unique-local — also when an IPv4 address hides inside IPv6 (mapped, compatible,
     * NAT64 64:ff9b::/96, 6to4 2002::/16).
     */
    public static boolean isPublic(java.net.InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        byte[] v4 = b.length == 4 ? b : embeddedIpv4(b);
        if (v4 != null) {
            return isPublicIpv4(v4);
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        boolean uniqueLocal = (first & 0xfe) == 0xfc;                         // fc00::/7
        boolean documentation = (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // 2001:db8::/32
                || (first == 0x3f && second == 0xff && (b[2] & 0xf0) == 0);                               // 3fff::/20
        // 2001::/23, IETF protocol assignments like IPv4's 192.0.0.0/24: Teredo 2001::/32 (tunnels to anything),
        // benchmarking 2001:2::/48, ORCHID 2001:10::/28 and 2001:20::/28.
        boolean ietfProtocol = first == 0x20 && second == 0x01 && (b[2] & 0xfe) == 0;
        boolean discard = first == 0x01 && second == 0 && b[2] == 0 && b[3] == 0;    // 100::/64
        return !uniqueLocal && !documentation && !ietfProtocol && !discard && first != 0 && first != 0xff;
    }

    private static boolean isPublicIpv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        return first != 0 && first != 127 && first != 10 && first < 224
                && !(first == 169 && second == 254)                       // link-local, cloud metadata
                && !(first == 100 && second >= 64 && second <= 127)       // shared address space (CGNAT)
                && !(first == 172 && second >= 16 && second <= 31)
                && !(first == 192 && second == 168)
                && !(first == 192 && second == 0 && (third == 0 || third == 2)) // IETF protocol assignments, TEST-NET-1
                && !(first == 198 && (second == 18 || second == 19))      // benchmarking
                && !(first == 198 && second == 51 && third == 100)        // TEST-NET-2
                && !(first == 203 && second == 0 && third == 113);        // TEST-NET-3
    }

    /** The IPv4 address inside an IPv6 one (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64, 6to4), else null. */
    static byte[] embeddedIpv4(byte[] b) {
        if (b.length != 16) {
            return null;
        }
        boolean zeroHead = true;
        for (int i = 0; i < 10; i++) {
            zeroHead &= b[i] == 0;
        }
        if (zeroHead && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
            return new byte[]{b[12], b[13], b[14], b[15]};
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        boolean nat64Zero = true;
        for (int i = 4; i < 12; i++) {
            nat64Zero &= b[i] == 0;
        }
        if (nat64 && nat64Zero) {
            return new byte[]{b[12], b[13], b[14], b[15]};
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return new byte[]{b[2], b[3], b[4], b[5]};
        }
        return null;
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
