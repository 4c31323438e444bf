package io.hookgate.model.net;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * CIDR allow-list for IPv4 and IPv6, parsed numerically (never a DNS lookup). An IPv4-mapped IPv6 address
 * ({@code ::ffff:1.2.3.4}) matches IPv4 rules. An empty list allows everyone.
 */
public final class IpAllowList {
    private final List<Range> ranges;
    private final List<String> source;

    private IpAllowList(List<Range> ranges, List<String> source) {
        this.ranges = ranges;
        this.source = source;
    }

    public static final IpAllowList ANYONE = new IpAllowList(List.of(), List.of());

    /** @throws IllegalArgumentException naming the first entry that is not an address or CIDR */
    public static IpAllowList parse(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return ANYONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(Range.parse(entry));
        }
        return new IpAllowList(List.copyOf(ranges), List.copyOf(entries));
    }

    public boolean allows(String address) {
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] bytes = Addresses.parse(address);
        if (bytes == null) {
            return false;
        }
        bytes = Addresses.unmapIpv4(bytes);
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    public List<String> entries() {
        return source;
    }

    private record Range(byte[] network, int prefix) {
        static Range parse(String entry) {
            String text = entry == null ? "" : entry.trim();
            int slash = text.indexOf('/');
            byte[] address = Addresses.parse(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR");
            }
            address = Addresses.unmapIpv4(address);
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + entry + "' has no valid prefix length");
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix longer than the address");
                }
            }
            return new Range(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(network.length * 8 - prefix);
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
