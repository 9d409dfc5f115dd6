#ifndef CSVCHECK_SUPPORT_H
#define CSVCHECK_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// Asks the CPU to start loading the cache line at `address` into every cache level (a hint: it
/// never faults). Used to overlap hash-table cache misses with the rest of a row's checks; the
/// all-levels hint (prefetcht0) left a third fewer stalls in the table lookups than the L2-only
/// one measured on these machines.
static inline void csvcheck_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Zero-filled memory of `bytes` bytes for a large hash table, on huge pages when the kernel
/// allows them (fewer TLB misses on random lookups), or NULL when none can be had. Release it
/// with ``csvcheck_table_free`` and the same size.
void *csvcheck_table_allocate(size_t bytes);

/// Releases memory from ``csvcheck_table_allocate``.
void csvcheck_table_free(void *memory, size_t bytes);

/// Asks the kernel to back `bytes` of table memory with (zeroed) pages now, without changing
/// any byte already there (`MADV_POPULATE_WRITE`, Linux 5.14 and later; elsewhere nothing
/// happens). Run on another thread, it moves the cost of the first touch of each page off the
/// thread that fills the table; run on that thread, before the table's first probe, it saves
/// the probe's read from mapping the zero page, which the write after it would fault on again.
/// One huge page per call, so that the memory-map lock is never held for long; once a huge
/// page is slow to come (a virtual machine whose host must supply it), the rest of the range
/// is backed with small pages. Returns 0 when the pages are there.
int csvcheck_table_populate(void *memory, size_t bytes);

/// Sets the C library allocator up for one command-line run (glibc only; elsewhere nothing
/// happens): the heap grows in large steps and keeps what it got, and buffers of up to 32 MiB
/// come from it, so that the thread that reads the file seldom needs the memory-map lock that
/// ``csvcheck_table_populate`` holds on another thread. Process-wide: for a program's `main`,
/// not for a library.
void csvcheck_tune_allocator(void);

/// The 64 SHA-256 round constants (FIPS 180-4), for every implementation in the package.
const uint32_t *csvcheck_sha256_constants(void);

/// Whether this CPU has the SHA extensions (x86-64 SHA-NI with SSSE3 and SSE4.1), so that
/// ``csvcheck_sha256_blocks`` can be used.
int csvcheck_sha256_accelerated(void);

/// Runs the SHA-256 compression function over `blocks` 64-byte blocks at `data`, updating the
/// eight state words `state` (a, b, c, d, e, f, g, h) in place, with the CPU's SHA
/// instructions. Call it only when ``csvcheck_sha256_accelerated`` returned 1.
void csvcheck_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
