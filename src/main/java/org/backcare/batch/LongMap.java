package org.backcare.batch;

/**
 * A map from 64-bit fingerprints to longs in two flat arrays (open addressing), so that a million entries take
 * about 32 MB instead of the hundreds a {@code HashMap<Long, Long>} would. Not thread-safe.
 */
final class LongMap {
    private static final long EMPTY = 0;

    private long[] keys = new long[1024];
    private long[] values = new long[1024];
    private boolean hasZeroKey;
    private long zeroValue;
    private int size;

    /** Adds or replaces; returns {@code true} when the key was new. */
    boolean put(long key, long value) {
        if (key == EMPTY) {
            boolean added = !hasZeroKey;
            hasZeroKey = true;
            zeroValue = value;
            if (added) size++;
            return added;
        }
        if ((size + 1) * 2L > keys.length) grow();
        int slot = find(keys, key);
        boolean added = keys[slot] == EMPTY;
        keys[slot] = key;
        values[slot] = value;
        if (added) size++;
        return added;
    }

    boolean containsKey(long key) {
        return key == EMPTY ? hasZeroKey : keys[find(keys, key)] != EMPTY;
    }

    /** The value of a key, or {@code missing}. */
    long get(long key, long missing) {
        if (key == EMPTY) return hasZeroKey ? zeroValue : missing;
        int slot = find(keys, key);
        return keys[slot] == EMPTY ? missing : values[slot];
    }

    int size() {
        return size;
    }

    private static int find(long[] keys, long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != EMPTY && keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = find(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    @Override
    public String toString() {
        return "LongMap[size=" + size + ", capacity=" + keys.length + "]";
    }
}
