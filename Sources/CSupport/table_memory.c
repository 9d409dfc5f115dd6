// Memory for the large hash tables of one run (duplicate addresses, shared passwords): zeroed
// pages from the kernel, on 2 MiB huge pages where the kernel allows them, since the tables are
// read at random, one cache line a row, over tens of MiB (fewer TLB entries to cover them; the
// gain was not measured apart from the tables' bucket layout, which came with it).

#include "csvcheck_support.h"

#include <stdint.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *csvcheck_table_allocate(size_t bytes) {
    if (bytes == 0) return NULL;
    if (bytes < HUGE_PAGE) {
        void *small = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return small == MAP_FAILED ? NULL : small;
    }
    // Over-allocate by one huge page, keep the aligned middle, give the ends back (whole
    // pages: munmap refuses an end that is not page-aligned).
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    bytes = (bytes + page - 1) & ~(page - 1);
    size_t length = bytes + HUGE_PAGE;
    uint8_t *raw = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    uint8_t *aligned = (uint8_t *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    size_t head = (size_t)(aligned - raw);
    size_t tail = length - head - bytes;
    if (head > 0) munmap(raw, head);
    if (tail > 0) munmap(aligned + bytes, tail);
#ifdef MADV_HUGEPAGE
    madvise(aligned, bytes, MADV_HUGEPAGE);
#endif
    return aligned;
}

void csvcheck_table_free(void *memory, size_t bytes) {
    if (memory != NULL && bytes > 0) munmap(memory, bytes);
}

/// Nanoseconds on the monotonic clock.
static int64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/// A huge page that takes longer than this to back is one the machine had to find memory for
/// (see ``csvcheck_table_populate``).
#define SLOW_HUGE_PAGE_NS 800000

/// Set once a huge page was slow to back: the tables populated after it in this process (the
/// run's second table, later files' tables) go to small pages at once. A slow huge page took 5
/// to 7 ms here, and the second table's first page was as slow as the first's (20 runs of the
/// 1M-row file, 6 of them slow).
static int huge_pages_slow = 0;

int csvcheck_table_populate(void *memory, size_t bytes) {
    if (memory == NULL || bytes == 0) return -1;
#ifdef MADV_POPULATE_WRITE
    // One huge page per call: the kernel holds the process's memory-map lock (shared) while it
    // backs a range, and the reading thread's own mmap and munmap calls (malloc's, for its
    // buffers) wait for that lock. Measured with strace on the 1M-row file: one call for a
    // 16 MB table held the reading thread's munmap for 8.9 ms.
    //
    // Huge pages are usually the cheaper way to back a table (32 MB in about 3.5 ms here), but
    // not always: in a virtual machine that hands free memory back to its host, a huge page can
    // need the host to find and clear 2 MB first, and 32 MB then took 22 to 185 ms after
    // another process had used and freed memory, against 10 to 26 ms in small pages. So each
    // huge page is timed, and the rest of the table falls back to small pages once one was
    // slow. (Timing only the first two missed tables whose later pages were slow: under strace,
    // two pages in 0.4 ms each, then six in 6 to 7.5 ms each.)
    uint8_t *start = memory;
    int timed = 1;
    if (__atomic_load_n(&huge_pages_slow, __ATOMIC_RELAXED)) {
#ifdef MADV_NOHUGEPAGE
        madvise(start, bytes, MADV_NOHUGEPAGE);
#endif
        timed = 0;
    }
    for (size_t offset = 0; offset < bytes; offset += HUGE_PAGE) {
        size_t length = bytes - offset < HUGE_PAGE ? bytes - offset : HUGE_PAGE;
        const int64_t before = timed ? monotonic_ns() : 0;
        if (madvise(start + offset, length, MADV_POPULATE_WRITE) != 0) return -1;
        if (timed && monotonic_ns() - before > SLOW_HUGE_PAGE_NS && offset + length < bytes) {
#ifdef MADV_NOHUGEPAGE
            madvise(start + offset + length, bytes - offset - length, MADV_NOHUGEPAGE);
#endif
            __atomic_store_n(&huge_pages_slow, 1, __ATOMIC_RELAXED);
            timed = 0;
        }
    }
    return 0;
#else
    return -1;
#endif
}
