#ifndef CSVCHECK_SUPPORT_H
#define CSVCHECK_SUPPORT_H

/// Asks the CPU to start loading the cache line at `address` for a write soon (a hint: it
/// never faults). Used to overlap hash-table cache misses with the rest of a row's checks.
static inline void csvcheck_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 1);
}

#endif
