#ifndef CSVCHECK_UTF16_H
#define CSVCHECK_UTF16_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The ASCII runs of the UTF-16 decoder (UTF16Decoder.swift): converts the `units` code units
/// at `in` (two bytes each, little-endian, or big-endian when `big_endian` is set) to one byte
/// each at `out`, eight at a time, and stops before the first group of eight that holds a unit
/// of 0x80 or more, or before fewer than eight are left. Returns how many units it converted (a
/// multiple of 8); the caller decodes the rest. Without SSE2, converts none.
static inline __attribute__((always_inline)) intptr_t csvcheck_utf16_ascii(
    const uint8_t *in, intptr_t units, uint8_t *out, int big_endian) {
    intptr_t i = 0;
#if defined(__SSE2__)
    const __m128i high = _mm_set1_epi16((short)0xFF80);
    const __m128i zero = _mm_setzero_si128();
    for (; i + 8 <= units; i += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + 2 * i));
        if (big_endian) v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
        // Every unit below 0x80: its top nine bits clear.
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(v, high), zero)) != 0xFFFF) break;
        _mm_storel_epi64((__m128i *)(void *)(out + i), _mm_packus_epi16(v, v));
    }
#else
    (void)in;
    (void)units;
    (void)out;
    (void)big_endian;
#endif
    return i;
}

#endif
