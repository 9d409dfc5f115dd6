// The C library allocator's settings for one command-line run (glibc only).
//
// While another thread backs the hash tables with pages (csvcheck_table_populate), it holds the
// process's memory-map lock, shared, for each huge page it backs. Every brk, mmap and munmap of
// the reading thread needs that lock exclusively and waits: at the start of a 1M-row check,
// glibc's defaults (the heap grown 132 KB at a time, each buffer of 128 KB or more mapped and
// unmapped on its own) had the reading thread blocked in brk for 4.6 to 6.5 ms a call, about
// 10 ms in all (strace, perf sched), while the other core was clearing pages.

#include "csvcheck_support.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void csvcheck_tune_allocator(void) {
#if defined(__GLIBC__)
    // Grow the heap 64 MiB at a time (address space only: a page is backed when first
    // written), never give its top back, and keep buffers under 32 MiB in it.
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}
