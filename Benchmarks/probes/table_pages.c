// How long the kernel takes to back 32 MB of table memory (csvcheck's two hash tables for a
// million rows) on huge pages, on small pages, and with csvcheck's rule (time the first huge
// pages, fall back to small pages when one took over 0.8 ms; Sources/CSupport/table_memory.c).
//
//   cc -O2 Benchmarks/probes/table_pages.c -o /tmp/table_pages
//   python3 -c "x = bytearray(300 << 20)"; /tmp/table_pages huge
//   python3 -c "x = bytearray(300 << 20)"; /tmp/table_pages small
//   python3 -c "x = bytearray(300 << 20)"; /tmp/table_pages adaptive
//
// The Python line first uses and frees 300 MB, as the Python baseline does before csvcheck runs
// in Benchmarks/compare.py; run back to back without it, huge pages are recycled and fast.

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "huge";
    const size_t huge = (size_t)2 << 20;
    const size_t bytes = (size_t)32 << 20;
    uint8_t *raw = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return 1;
    uint8_t *p = (uint8_t *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
    if (strcmp(mode, "small") != 0) madvise(p, bytes, MADV_HUGEPAGE);
    const double start = seconds();
    int fellBack = 0;
    for (size_t offset = 0; offset < bytes; offset += huge) {
        const double before = seconds();
        if (madvise(p + offset, huge, MADV_POPULATE_WRITE) != 0) return 1;
        if (strcmp(mode, "adaptive") == 0 && !fellBack && offset < 2 * huge && seconds() - before > 0.0008) {
            madvise(p + offset + huge, bytes - offset - huge, MADV_NOHUGEPAGE);
            fellBack = 1;
        }
    }
    printf("%-8s 32 MB backed in %.1f ms%s\n", mode, (seconds() - start) * 1e3, fellBack ? " (fell back to small pages)" : "");
    return 0;
}
