// What csvcheck's two table lookups a row cost when nothing else runs: one million rows, each
// probing (and writing) one random 64-byte line of each of two tables, the lines prefetched
// `distance` rows ahead as FileRun's ordered pass does, on 2 MiB-aligned memory advised for
// huge pages. `work` adds that many dependent steps over a 64 MiB stream per row, standing in
// for the rest of a row's work.
//
//   cc -O2 Benchmarks/probes/table_lookups.c -o /tmp/table_lookups
//   /tmp/table_lookups 8 0 16    # distance 8, no other work, two 16 MiB tables
//   /tmp/table_lookups 8 0 10    # the same with two 10 MiB tables (8-byte slots)
//   /tmp/table_lookups 8 50 16
//
// Prints the best of five passes, in nanoseconds a row.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static unsigned char *table(size_t bytes) {
    const size_t huge = (size_t)2 << 20;
    unsigned char *raw = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) exit(2);
    unsigned char *t = (unsigned char *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
    madvise(t, bytes, MADV_HUGEPAGE);
    memset(t, 1, bytes);
    return t;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: table_lookups DISTANCE WORK MIB\n");
        return 2;
    }
    const size_t distance = (size_t)atoi(argv[1]);
    const int work = atoi(argv[2]);
    const size_t bytes = (size_t)atoi(argv[3]) << 20, lines = bytes / 64, n = 1000000;
    const size_t stream_bytes = (size_t)64 << 20;
    unsigned char *a = table(bytes), *b = table(bytes);
    uint64_t *ia = malloc(n * 8), *ib = malloc(n * 8);
    unsigned char *stream = malloc(stream_bytes);
    if (!ia || !ib || !stream) return 2;
    memset(stream, 3, stream_bytes);
    for (size_t i = 0; i < n; i++) {
        ia[i] = (mix(i + 1) >> 20) % lines;
        ib[i] = (mix(i + 777777) >> 20) % lines;
    }
    volatile uint64_t sink = 0;
    double best = 1e9;
    for (int pass = 0; pass < 5; pass++) {
        uint64_t sum = 0;
        size_t at = 0;
        const double start = seconds();
        for (size_t i = 0; i < n; i++) {
            if (i + distance < n) {
                __builtin_prefetch(a + ia[i + distance] * 64);
                __builtin_prefetch(b + ib[i + distance] * 64);
            }
            sum += a[ia[i] * 64];
            a[ia[i] * 64 + 8]++;
            sum += b[ib[i] * 64];
            b[ib[i] * 64 + 8]++;
            for (int w = 0; w < work; w++) {
                sum = sum * 31 + stream[at];
                at = (at + 1) & (stream_bytes - 1);
            }
        }
        const double elapsed = seconds() - start;
        if (elapsed < best) best = elapsed;
        sink += sum;
    }
    printf("distance %zu, work %d, two %zu MiB tables: %.1f ns a row\n", distance, work, bytes >> 20, best * 1e9 / (double)n);
    return 0;
}
