package dev.webtop.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The country of an IP address, from the tables of Debian's tor-geoipdb package (read from disk
 * when installed, never downloaded): /usr/share/tor/geoip holds IPv4 ranges as integers
 * ("low,high,CC"), geoip6 IPv6 ranges as addresses. WEBTOP_GEOIP_DIR points elsewhere. Without
 * the files every country is unknown. Each table is read once per process, when the first address
 * of its family that could be in it is looked up: private and loopback addresses never are.
 */
final class Countries {
    /** Where the tables are looked for, unless WEBTOP_GEOIP_DIR says otherwise. */
    private static final Path DEBIAN_DIR = Path.of("/usr/share/tor");

    /** Sorted, disjoint ranges: an address in [low[i], high[i]] is in country[i]. */
    private record Ranges(long[] lowHigh, long[] lowLow, long[] highHigh, long[] highLow, byte[][] country) {
        byte[] find(long hi, long lo) {
            int left = 0;
            int right = country.length - 1;
            while (left <= right) {
                int mid = (left + right) >>> 1;
                if (compare(hi, lo, lowHigh[mid], lowLow[mid]) < 0) {
                    right = mid - 1;
                } else if (compare(hi, lo, highHigh[mid], highLow[mid]) > 0) {
                    left = mid + 1;
                } else {
                    return country[mid];
                }
            }
            return null;
        }
    }

    private static final class V4 {
        static final Ranges TABLE = read("geoip", false);
    }

    private static final class V6 {
        static final Ranges TABLE = read("geoip6", true);
    }

    private Countries() {
    }

    /** The two-letter country code of an address (text, v4 or v6), or null when unknown. */
    static byte[] of(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        if (address.indexOf(':') < 0) {
            long v = ipv4(address);
            return v < 0 || isPrivate(v) ? null : V4.TABLE.find(0, v);
        }
        byte[] bytes = ipv6(address);
        if (bytes == null || (bytes[0] & 0xFE) == 0xFC || (bytes[0] == (byte) 0xFE && (bytes[1] & 0xC0) == 0x80)) {
            return null;   // unparsable, unique local (fc00::/7) or link local (fe80::/10)
        }
        if (isMappedV4(bytes)) {
            long v = ((bytes[12] & 0xFFL) << 24) | ((bytes[13] & 0xFFL) << 16) | ((bytes[14] & 0xFFL) << 8)
                | (bytes[15] & 0xFFL);
            return isPrivate(v) ? null : V4.TABLE.find(0, v);
        }
        return V6.TABLE.find(half(bytes, 0), half(bytes, 8));
    }

    /** 10/8, 127/8, 172.16/12, 192.168/16 and 0/8: in no country's table. */
    private static boolean isPrivate(long v) {
        long first = v >>> 24;
        return first == 10 || first == 127 || first == 0 || (v >>> 20) == 0xAC1 || (v >>> 16) == 0xC0A8;
    }

    private static Ranges read(String name, boolean six) {
        String dir = System.getenv("WEBTOP_GEOIP_DIR");
        Path file = (dir == null || dir.isBlank() ? DEBIAN_DIR : Path.of(dir)).resolve(name);
        int size = 0;
        long[][] columns = {new long[1024], new long[1024], new long[1024], new long[1024]};
        byte[][] country = new byte[1024][];
        Map<String, byte[]> codes = new HashMap<>();
        if (!Files.isReadable(file)) {
            return new Ranges(new long[0], new long[0], new long[0], new long[0], new byte[0][]);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int first = line.indexOf(',');
                int second = line.indexOf(',', first + 1);
                if (line.startsWith("#") || first < 0 || second < 0 || line.length() != second + 3
                    || !isUpper(line.charAt(second + 1)) || !isUpper(line.charAt(second + 2))) {
                    continue;   // a comment, or "??" for an unknown country
                }
                long[] low = bounds(line.substring(0, first), six);
                long[] high = bounds(line.substring(first + 1, second), six);
                if (low == null || high == null) {
                    continue;   // a line this reader does not understand is left out, not fatal
                }
                if (size == country.length) {
                    for (int c = 0; c < columns.length; c++) {
                        columns[c] = Arrays.copyOf(columns[c], size * 2);
                    }
                    country = Arrays.copyOf(country, size * 2);
                }
                columns[0][size] = low[0];
                columns[1][size] = low[1];
                columns[2][size] = high[0];
                columns[3][size] = high[1];
                country[size++] = codes.computeIfAbsent(line.substring(second + 1), LogBatch::utf8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Ranges(Arrays.copyOf(columns[0], size), Arrays.copyOf(columns[1], size),
            Arrays.copyOf(columns[2], size), Arrays.copyOf(columns[3], size), Arrays.copyOf(country, size));
    }

    /** An address of a table as two halves of 128 bits (an IPv4 table's are plain integers), or null. */
    private static long[] bounds(String text, boolean six) {
        if (six) {
            return halves(ipv6(text));
        }
        try {
            return new long[] {0, Long.parseLong(text)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int high = Long.compareUnsigned(aHigh, bHigh);
        return high != 0 ? high : Long.compareUnsigned(aLow, bLow);
    }

    /** A dotted IPv4 address as a number, or -1 when it is none. */
    static long ipv4(String address) {
        long value = 0;
        int parts = 0;
        int part = -1;
        for (int i = 0; i <= address.length(); i++) {
            char c = i < address.length() ? address.charAt(i) : '.';
            if (c == '.') {
                if (part < 0 || part > 255 || ++parts > 4) {
                    return -1;
                }
                value = (value << 8) | part;
                part = -1;
            } else if (c >= '0' && c <= '9') {
                part = (part < 0 ? 0 : part * 10) + (c - '0');
            } else {
                return -1;
            }
        }
        return parts == 4 ? value : -1;
    }

    /**
     * The 16 bytes of an IPv6 address in text, or null. Only literals (hex digits, colons and the
     * dots of an embedded v4 address) reach InetAddress, so no name is ever looked up.
     */
    private static byte[] ipv6(String address) {
        if (address.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 16) {
                return bytes;
            }
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isMappedV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static long[] halves(byte[] bytes) {
        return bytes == null ? null : new long[] {half(bytes, 0), half(bytes, 8)};
    }

    private static long half(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }
}
