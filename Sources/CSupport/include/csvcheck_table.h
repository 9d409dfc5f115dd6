#ifndef CSVCHECK_TABLE_H
#define CSVCHECK_TABLE_H

#include <stdint.h>

// The probes of the fingerprint tables (see FingerprintTable.swift): buckets of one 64-byte
// cache line each, five 64-bit fingerprints (bytes 0-39), then their five 32-bit values (bytes
// 40-59), as the duplicate-address table has them; or, in a counting table (shared passwords),
// seven fingerprints, then their seven one-byte counts. Fingerprint 0 marks an empty slot.
// A probe starts at the fingerprint's home bucket and goes on to the next bucket while one is
// full, up to an end bucket (it never wraps): the first slot, in bucket order and in slot order
// within a bucket, that holds the fingerprint or is empty ends it.
//
// Each operation finishes its work in the slot where the probe stopped (the value read, the
// entry written), so that the caller gets back one number and decodes no position.

/// Slots per bucket of a table with values.
#define CSVCHECK_TABLE_WIDTH 5
/// Byte offset of the values in a bucket of a table with values.
#define CSVCHECK_TABLE_VALUES 40

/// Returned when the fingerprint was absent and was written to the first empty slot.
#define CSVCHECK_TABLE_INSERTED (-1)
/// Returned when every bucket up to the end was full: nothing was written, the caller keeps
/// the fingerprint elsewhere.
#define CSVCHECK_TABLE_FULL (-2)

/// Looks for `key` (never 0) from bucket `bucket` on, up to bucket `end` (excluded; `bucket`
/// must be below it), in the table at `buckets`. Returns the value stored with it when it is
/// there; else writes it with `value` to the first empty slot and returns
/// ``CSVCHECK_TABLE_INSERTED``, or ``CSVCHECK_TABLE_FULL`` when there was none.
///
/// The slots are compared one at a time, each with its own two branches: with the tables at
/// most 80% full, a bucket holds two or three fingerprints on average, so a probe mostly stops
/// within its first three slots, at five instructions a slot. Comparing a whole bucket with
/// SSE2 instead (32-bit lane compares with the fingerprint and with zero, packed to one mask,
/// the slot from its lowest bit) took about 36 instructions a bucket: measured with callgrind
/// on 200k clean rows, 212.6 instructions a row in FileRun.tableRow against 141.5 with this
/// loop (it did mispredict fewer branches: 0.55 a row against 2.0 in callgrind's simulation).
static inline __attribute__((always_inline)) int64_t csvcheck_table_insert(
    void *buckets, intptr_t bucket, intptr_t end, uint64_t key, uint32_t value) {
    do {
        unsigned char *line = (unsigned char *)buckets + bucket * 64;
        uint64_t *keys = (uint64_t *)line;
        uint32_t *values = (uint32_t *)(line + CSVCHECK_TABLE_VALUES);
        for (intptr_t slot = 0; slot < CSVCHECK_TABLE_WIDTH; slot++) {
            const uint64_t stored = keys[slot];
            if (stored == key) {
                return values[slot];
            }
            if (stored == 0) {
                keys[slot] = key;
                values[slot] = value;
                return CSVCHECK_TABLE_INSERTED;
            }
        }
        bucket++;
    } while (bucket < end);
    return CSVCHECK_TABLE_FULL;
}

/// Slots per bucket of a counting table: seven 64-bit fingerprints (bytes 0-55), then a
/// one-byte count for each (bytes 56-62).
#define CSVCHECK_TABLE_COUNT_WIDTH 7
/// Byte offset of a counting table bucket's counts.
#define CSVCHECK_TABLE_COUNTS 56

/// The probe of a counting table and the work in its slot, for the two operations below
/// (its own loop, as the slots and what follows them differ from ``csvcheck_table_insert``'s:
/// seven of them, and a saturating one-byte count): when `key` (never 0) is there,
/// returns its count (0 to 255) and, with `add_one` (a constant), adds one unless it is 255;
/// else writes `key` with the count `initial` to the first empty slot and returns
/// ``CSVCHECK_TABLE_INSERTED``, or ``CSVCHECK_TABLE_FULL`` when every bucket up to `end` was
/// full.
static inline __attribute__((always_inline)) int64_t csvcheck_table_count_probe(
    void *buckets, intptr_t bucket, intptr_t end, uint64_t key, unsigned char initial, int add_one) {
    do {
        unsigned char *line = (unsigned char *)buckets + bucket * 64;
        uint64_t *keys = (uint64_t *)line;
        unsigned char *counts = line + CSVCHECK_TABLE_COUNTS;
        for (intptr_t slot = 0; slot < CSVCHECK_TABLE_COUNT_WIDTH; slot++) {
            const uint64_t stored = keys[slot];
            if (stored == key) {
                const unsigned char count = counts[slot];
                if (add_one && count < 255) counts[slot] = (unsigned char)(count + 1);
                return count;
            }
            if (stored == 0) {
                keys[slot] = key;
                counts[slot] = initial;
                return CSVCHECK_TABLE_INSERTED;
            }
        }
        bucket++;
    } while (bucket < end);
    return CSVCHECK_TABLE_FULL;
}

/// Counts one more sighting of `key` in a counting table: its count before (0 to 255; one is
/// added unless it is 255), or ``CSVCHECK_TABLE_INSERTED`` with the count 0, or
/// ``CSVCHECK_TABLE_FULL``.
static inline __attribute__((always_inline)) int64_t csvcheck_table_count(
    void *buckets, intptr_t bucket, intptr_t end, uint64_t key) {
    return csvcheck_table_count_probe(buckets, bucket, end, key, 0, 1);
}

/// Writes `key` (not in the table) with the count `count` to the first empty slot of a counting
/// table (a move): ``CSVCHECK_TABLE_INSERTED``, or ``CSVCHECK_TABLE_FULL`` when there was none.
static inline int64_t csvcheck_table_put_count(
    void *buckets, intptr_t bucket, intptr_t end, uint64_t key, unsigned char count) {
    return csvcheck_table_count_probe(buckets, bucket, end, key, count, 0);
}

#endif
