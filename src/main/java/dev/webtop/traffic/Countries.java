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
 * the files every country is unknown. Loaded once per process, on the first lookup.
 */
public final class Countries {
    /** Where the tables are looked for, unless WEBTOP_GEOIP_DIR says otherwise. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/tor");

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

    private static volatile Countries loaded;

    private final Ranges v4;
    private final Ranges v6;

    private Countries(Ranges v4, Ranges v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /** The tables of this machine (empty ones when tor-geoipdb is not installed). */
    public static Countries installed() {
        Countries countries = loaded;
        if (countries == null) {
            synchronized (Countries.class) {
                if (loaded == null) {
                    String dir = System.getenv("WEBTOP_GEOIP_DIR");
                    loaded = load(dir == null || dir.isBlank() ? DEBIAN_DIR : Path.of(dir));
                }
                countries = loaded;
            }
        }
        return countries;
    }

    static Countries load(Path dir) {
        return new Countries(read(dir.resolve("geoip"), false), read(dir.resolve("geoip6"), true));
    }

    /** Whether any table was found. */
    public boolean available() {
        return v4.country.length + v6.country.length > 0;
    }

    /** The two-letter country code of an address (text, v4 or v6), or null when unknown. */
    public byte[] of(String address) {
        if (address == null || address.isEmpty() || !available()) {
            return null;
        }
        if (address.indexOf(':') < 0) {
            long v = ipv4(address);
            return v < 0 ? null : v4.find(0, v);
        }
        byte[] bytes = ipv6(address);
        if (bytes == null) {
            return null;
        }
        if (isMappedV4(bytes)) {
            return v4.find(0, ((bytes[12] & 0xFFL) << 24) | ((bytes[13] & 0xFFL) << 16) | ((bytes[14] & 0xFFL) << 8)
                | (bytes[15] & 0xFFL));
        }
        return v6.find(half(bytes, 0), half(bytes, 8));
    }

    private static Ranges read(Path file, boolean six) {
        int size = 0;
        long[][] columns = {new long[1024], new long[1024], new long[1024], new long[1024]};
        byte[][] country = new byte[1024][];
        Map<String, byte[]> codes = new HashMap<>();
        if (!Files.isReadable(file)) {
            return new Ranges(new long[0], new long[0], new long[0], new long[0], new byte[0][]);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                if (line.startsWith("#") || f.length != 3 || !f[2].matches("[A-Z]{2}")) {
                    continue;
                }
                long[] low = six ? halves(ipv6(f[0])) : new long[] {0, Long.parseLong(f[0])};
                long[] high = six ? halves(ipv6(f[1])) : new long[] {0, Long.parseLong(f[1])};
                if (low == null || high == null) {
                    continue;
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
                country[size++] = codes.computeIfAbsent(f[2], LogBatch::utf8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Ranges(Arrays.copyOf(columns[0], size), Arrays.copyOf(columns[1], size),
            Arrays.copyOf(columns[2], size), Arrays.copyOf(columns[3], size), Arrays.copyOf(country, size));
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

    /** The 16 bytes of an IPv6 address in text (no name lookup: only literals parse), or null. */
    private static byte[] ipv6(String address) {
        if (address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]+")) {
            return null;
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
