package dev.webtop.serve;

import dev.webtop.base.WebtopException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who sent a request: the connection's address, unless that is a trusted proxy (`--trusted-proxy`
 * addresses and CIDR ranges); then the nearest address in X-Forwarded-For that is not one.
 * X-Forwarded-For from anyone else is ignored, so a visitor cannot pose as another.
 */
final class ClientAddress {
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> trusted = new ArrayList<>();

    /** Each proxy is an address or a CIDR range (10.0.0.0/8); a bad one is exit 2. */
    ClientAddress(List<String> trustedProxies) {
        for (String proxy : trustedProxies) {
            String[] parts = proxy.split("/", 2);
            byte[] network = bytes(parts[0]);
            if (network == null) {
                throw WebtopException.badInput("--trusted-proxy '" + proxy + "' is not an address or a CIDR range like 10.0.0.0/8");
            }
            int bits = network.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw WebtopException.badInput("--trusted-proxy '" + proxy + "': the prefix must be 0 to " + network.length * 8);
                }
            }
            trusted.add(new Range(network, bits));
        }
    }

    /** The visitor's address for a request from `peer` that carried this X-Forwarded-For (or null). */
    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (bytes(hop) == null) {
                return peer;   // not an address: the header was not written by a proxy we trust
            }
            if (!isTrusted(hop) || i == 0) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = bytes(address);
        return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The address's bytes, or null when it is not an IP literal (never a name lookup). */
    private static byte[] bytes(String literal) {
        if (literal == null || !LITERAL.matcher(literal).matches()) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
