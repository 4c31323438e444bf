package io.hookgate.dispatcher.outbound;

import io.hookgate.model.net.Addresses;
import io.hookgate.model.net.IpAllowList;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * SSRF guard: a delivery connects only to an address checked after DNS resolution (so rebinding cannot slip
 * a private address in between check and connect). Non-public addresses need the operator's allow-list.
 */
final class AddressPolicy {
    private final IpAllowList allow;

    AddressPolicy(IpAllowList allow) {
        this.allow = allow;
    }

    /** Thrown when every resolved address, or any of them, is one deliveries may not reach. */
    static final class Refused extends Exception {
        Refused(String host) {
            super("refused address for " + host, null, false, false);
        }
    }

    /** The address to connect to; refused when any of the host's addresses is not callable. Blocking (DNS): call off the event loop. */
    InetAddress resolve(String host) throws UnknownHostException, Refused {
        InetAddress[] all = InetAddress.getAllByName(host);
        for (InetAddress a : all) {
            if (!callable(a)) {
                throw new Refused(host);
            }
        }
        return all[0];
    }

    boolean callable(InetAddress address) {
        // An empty allow-list allows nothing here (IpAllowList's "anyone" is for inbound callers).
        return Addresses.isPublic(address) || (allow != IpAllowList.ANYONE && allow.allows(address.getHostAddress()));
    }
}
