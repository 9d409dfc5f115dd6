// Memory for the large hash tables of one run (duplicate addresses, shared passwords): zeroed
// pages from the kernel, on 2 MiB huge pages where the kernel allows them, since the tables are
// read at random, one cache line a row, over tens of MiB (fewer TLB entries to cover them; the
// gain was not measured apart from the tables' bucket layout, which came with it).

#include "csvcheck_support.h"

#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *csvcheck_table_allocate(size_t bytes) {
    if (bytes == 0) return NULL;
    if (bytes < HUGE_PAGE) {
        void *small = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return small == MAP_FAILED ? NULL : small;
    }
    // Over-allocate by one huge page, keep the aligned middle, give the ends back.
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

int csvcheck_table_populate(void *memory, size_t bytes) {
    if (memory == NULL || bytes == 0) return -1;
#ifdef MADV_POPULATE_WRITE
    return madvise(memory, bytes, MADV_POPULATE_WRITE);
#else
    return -1;
#endif
}
