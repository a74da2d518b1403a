package dev.webtop.traffic;

import java.util.Arrays;

/**
 * A set of longs in one array (open addressing, linear probing): a writer remembers a million
 * visits in 16 MB rather than the 150 MB boxed keys would take. 0 is stored as 1.
 */
final class LongSet {
    private long[] slots = new long[1 << 12];
    private int size;

    int size() {
        return size;
    }

    boolean contains(long key) {
        long k = key == 0 ? 1 : key;
        int mask = slots.length - 1;
        for (int i = spread(k) & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == k) {
                return true;
            }
        }
        return false;
    }

    /** Adds the key; false when it was there. */
    boolean add(long key) {
        long k = key == 0 ? 1 : key;
        if (size * 2 >= slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = spread(k) & mask;
        while (slots[i] != 0) {
            if (slots[i] == k) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = k;
        size++;
        return true;
    }

    void addAll(LongSet other) {
        for (long k : other.slots) {
            if (k != 0) {
                add(k);
            }
        }
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long k : old) {
            if (k != 0) {
                add(k);
            }
        }
    }

    private static int spread(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
