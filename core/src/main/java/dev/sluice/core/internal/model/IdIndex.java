package dev.sluice.core.internal.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Node id → position, open addressing over two arrays: no entry objects and no boxed integers,
 * about 16 bytes per node where a {@code HashMap<String, Integer>} takes about 50. Not thread-safe
 * while filled; read-only once the spec is built.
 */
final class IdIndex {
  private final String[] keys;
  private final int[] values;
  private final int mask;
  private final int shift;
  private int size;

  IdIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new String[capacity];
    values = new int[capacity];
    mask = capacity - 1;
    shift = Integer.numberOfLeadingZeros(capacity - 1);
  }

  /** Adds {@code key → value} unless the key is present; returns the present value or -1. */
  int putIfAbsent(String key, int value) {
    int slot = slot(key);
    if (keys[slot] != null) {
      return values[slot];
    }
    keys[slot] = key;
    values[slot] = value;
    size++;
    return -1;
  }

  /** The value of {@code key}, or -1. */
  int get(String key) {
    int slot = slot(key);
    return keys[slot] == null ? -1 : values[slot];
  }

  /** The keys in value order, for error messages. */
  List<String> keys() {
    String[] ordered = new String[size];
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && values[i] < size) {
        ordered[values[i]] = keys[i];
      }
    }
    List<String> out = new ArrayList<>(size);
    for (String k : ordered) {
      if (k != null) {
        out.add(k);
      }
    }
    return out;
  }

  private int slot(String key) {
    // Fibonacci hashing: ids such as n1, n2, … have near-consecutive hash codes, which linear
    // probing would pile into long runs; multiplying by 2^32/φ and keeping the top bits spreads them.
    int slot = (key.hashCode() * 0x9E3779B9) >>> shift;
    while (keys[slot] != null && !keys[slot].equals(key)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
