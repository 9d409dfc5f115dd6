#ifndef CSVCHECK_SCAN_H
#define CSVCHECK_SCAN_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// A bit for each of the 64 bytes at `p` that is `delimiter`, a double quote, CR or LF (bit k
/// for `p[k]`): the tokenizer's "where does this field end" question answered for a whole
/// cache line at once. All 64 bytes must be readable. SSE2 on x86-64 (16 bytes per compare);
/// a plain loop elsewhere.
static inline uint64_t csvcheck_special_bits(const uint8_t *p, uint8_t delimiter) {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i q = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    uint64_t bits = 0;
    for (int k = 0; k < 4; k++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        const __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
            _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
        bits |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    return bits;
#else
    uint64_t bits = 0;
    for (int k = 0; k < 64; k++) {
        const uint8_t c = p[k];
        if (c == delimiter || c == '"' || c == '\r' || c == '\n') bits |= (uint64_t)1 << k;
    }
    return bits;
#endif
}

#endif
