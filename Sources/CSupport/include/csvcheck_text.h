#ifndef CSVCHECK_TEXT_H
#define CSVCHECK_TEXT_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Whether every one of the `length` bytes at `p` is printable ASCII (0x20...0x7E), for
/// `length` of 16 or more: 16 bytes per step with SSE2 (the last step's 16 bytes end at the last
/// byte, overlapping the step before), a plain loop elsewhere.
static inline __attribute__((always_inline)) int csvcheck_printable_ascii16(const uint8_t *p, intptr_t length) {
#if defined(__SSE2__)
    // As signed bytes, the printable ones are those above 0x1F and below 0x7F (0x80 and up are
    // negative).
    const __m128i above = _mm_set1_epi8(0x1F);
    const __m128i below = _mm_set1_epi8(0x7F);
    __m128i ok = _mm_set1_epi8(-1);
    intptr_t i = 0;
    for (; i + 16 < length; i += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        ok = _mm_and_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(v, above), _mm_cmplt_epi8(v, below)));
    }
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + length - 16));
    ok = _mm_and_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(v, above), _mm_cmplt_epi8(v, below)));
    return _mm_movemask_epi8(ok) == 0xFFFF;
#else
    for (intptr_t i = 0; i < length; i++) {
        if (p[i] < 0x20 || p[i] > 0x7E) return 0;
    }
    return 1;
#endif
}

#endif
