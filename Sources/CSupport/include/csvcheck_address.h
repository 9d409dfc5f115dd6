#ifndef CSVCHECK_ADDRESS_H
#define CSVCHECK_ADDRESS_H

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// The hash of case-folded addresses for the duplicate-address table (DUP001, DUP002), and the
// one-pass check-and-hash of a plain local part that the address rule's common case uses.
//
// A byte string is hashed in 16-byte chunks, each lower-cased (A-Z only; every other byte,
// non-ASCII included, as is): a string under 16 bytes is one chunk padded with zero bytes;
// a longer one is its whole chunks from the start, then, when its length is not a multiple of
// 16, the 16 bytes that end it (overlapping the chunk before). With the length in the seed,
// the chunks determine the string. Each chunk is folded in with one 64x64->128-bit multiply.

/// The 128-bit product of `a` and `b`, its two halves XORed together.
static inline __attribute__((always_inline)) uint64_t csvcheck_mum(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__)
    const __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
    const uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    const uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    const uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    const uint64_t lo = (mid << 32) | (uint32_t)ll;
    const uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return lo ^ hi;
#endif
}

/// The hash state after folding in one (lower-cased) chunk whose two halves are `a` and `b`.
static inline __attribute__((always_inline)) uint64_t csvcheck_chunk_mix(uint64_t h, uint64_t a, uint64_t b) {
    return csvcheck_mum(a ^ h ^ 0xA0761D6478BD642FULL, b ^ 0xE7037ED1A0B428DBULL);
}

/// The starting state for a string of `length` bytes.
static inline __attribute__((always_inline)) uint64_t csvcheck_chunk_seed(uint64_t seed, intptr_t length) {
    return seed ^ ((uint64_t)length * 0xFF51AFD7ED558CCDULL);
}

/// `w` (eight bytes, little-endian) with its A-Z bytes lower-cased, every other byte as is.
static inline __attribute__((always_inline)) uint64_t csvcheck_lower_word(uint64_t w) {
    const uint64_t heptets = w & 0x7F7F7F7F7F7F7F7FULL;
    const uint64_t above_a = heptets + 0x3F3F3F3F3F3F3F3FULL;  // bit 7 where byte >= 'A'
    const uint64_t above_z = heptets + 0x2525252525252525ULL;  // bit 7 where byte > 'Z'
    const uint64_t upper = above_a & ~above_z & ~w & 0x8080808080808080ULL;
    return w | upper >> 2;
}

static inline __attribute__((always_inline)) uint64_t csvcheck_load64(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/// The chunk hash (see above) of the `length` bytes at `p`, lower-cased, from `seed`.
static inline __attribute__((always_inline)) uint64_t csvcheck_folded_chunks_hash(const uint8_t *p, intptr_t length, uint64_t seed) {
    uint64_t h = csvcheck_chunk_seed(seed, length);
    if (length <= 0) return h;
    if (length < 16) {
        uint8_t chunk[16] = {0};
        memcpy(chunk, p, (size_t)length);
        return csvcheck_chunk_mix(h, csvcheck_lower_word(csvcheck_load64(chunk)), csvcheck_lower_word(csvcheck_load64(chunk + 8)));
    }
    intptr_t offset = 0;
    for (; offset + 16 <= length; offset += 16) {
        h = csvcheck_chunk_mix(h, csvcheck_lower_word(csvcheck_load64(p + offset)), csvcheck_lower_word(csvcheck_load64(p + offset + 8)));
    }
    if (offset < length) {
        const uint8_t *last = p + length - 16;
        h = csvcheck_chunk_mix(h, csvcheck_lower_word(csvcheck_load64(last)), csvcheck_lower_word(csvcheck_load64(last + 8)));
    }
    return h;
}

/// The offset of the last `c` in the `length` bytes at `p`, or -1: 16 bytes per step from the
/// end with SSE2 (the first step's 16 bytes start at `p`, overlapping the one after), else and
/// below 16 bytes one byte per step.
static inline __attribute__((always_inline)) intptr_t csvcheck_last_byte(const uint8_t *p, intptr_t length, uint8_t c) {
#if defined(__SSE2__)
    if (length >= 16) {
        const __m128i needle = _mm_set1_epi8((char)c);
        intptr_t end = length;
        for (;;) {
            const intptr_t start = end >= 16 ? end - 16 : 0;
            const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + start));
            uint32_t hits = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, needle));
            // Lanes at or past `end` were looked at already (the overlapping first step).
            hits &= end - start >= 16 ? 0xFFFFu : ((1u << (end - start)) - 1);
            if (hits) return start + 31 - __builtin_clz(hits);
            if (start == 0) return -1;
            end = start;
        }
    }
#endif
    for (intptr_t i = length - 1; i >= 0; i--) {
        if (p[i] == c) return i;
    }
    return -1;
}

/// The seeds of an address's two parts.
#define CSVCHECK_LOCAL_SEED 0x9E3779B97F4A7C15ULL
#define CSVCHECK_DOMAIN_SEED 0xC2B2AE3D27D4EB4FULL

/// An address's hash from the chunk hashes of its parts: `local`, of the bytes before its last
/// `@` (all of it when there is none), and `domain`, of the bytes after it (`has_at` false:
/// of no bytes).
static inline __attribute__((always_inline)) uint64_t csvcheck_address_hash(uint64_t local, uint64_t domain, int has_at) {
    return csvcheck_mum(local ^ 0x8EBC6AF09C88C6E3ULL, domain ^ (has_at ? 0x589965CC75374CC3ULL : 0x1D8E4E27C47D124FULL));
}

#if defined(__SSE2__)
/// Bytes 0xFF then 0x00, for masking the first k lanes of a vector (16 - k bytes in).
static const uint8_t csvcheck_lane_masks[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

/// One 16-byte chunk of a local part: the bits of the bytes that are neither letters, digits,
/// `-`, `.` nor `/` (`*bad`) and of the dots (`*dots`), and the chunk lower-cased (for the
/// narrow alphabet: every byte with 0x20 set).
static inline __attribute__((always_inline)) __m128i csvcheck_local_chunk(__m128i v, uint32_t *bad, uint32_t *dots) {
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    // x in [lo, lo + n) exactly when (x + 0x80 - lo), as a signed byte, is below -128 + n.
    const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(0x80 - 0x61)), _mm_set1_epi8(-128 + 26));
    const __m128i other = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - 0x2D)), _mm_set1_epi8(-128 + 13));
    *bad = (uint32_t)_mm_movemask_epi8(_mm_or_si128(letter, other)) ^ 0xFFFF;
    *dots = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
    return lower;
}

static inline __attribute__((always_inline)) uint64_t csvcheck_vector_mix(uint64_t h, __m128i chunk) {
    return csvcheck_chunk_mix(h, (uint64_t)_mm_cvtsi128_si64(chunk), (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(chunk, chunk)));
}
#endif

/// Whether the `length` bytes at `p` are a plain local part: 1 to 64 letters, digits, `-`, `.`
/// and `/`, without a leading, trailing or doubled dot (every such local part is a valid
/// dot-atom). When it is, `*hash` is its chunk hash from CSVCHECK_LOCAL_SEED. At least 16
/// bytes must be readable at `p` (the address goes on past the local part).
static inline __attribute__((always_inline)) int csvcheck_plain_local_part_into(const uint8_t *p, intptr_t length, uint64_t *hash) {
    if (length < 1 || length > 64) return 0;
    uint64_t h = csvcheck_chunk_seed(CSVCHECK_LOCAL_SEED, length);
#if defined(__SSE2__)
    uint32_t bad, dots;
    if (length <= 16) {
        const __m128i mask = _mm_loadu_si128((const __m128i *)(const void *)(csvcheck_lane_masks + 16 - length));
        const __m128i chunk = csvcheck_local_chunk(_mm_loadu_si128((const __m128i *)(const void *)p), &bad, &dots);
        const uint32_t lanes = (uint32_t)((1u << length) - 1);
        bad &= lanes;
        dots &= lanes;
        if (bad | (dots & 1) | ((dots >> (length - 1)) & 1) | (dots & (dots >> 1))) return 0;
        *hash = csvcheck_vector_mix(h, _mm_and_si128(chunk, mask));
        return 1;
    }
    if (length <= 32) {
        // The common long case without a loop: the first 16 bytes and the 16 that end it.
        uint32_t bad2, dots2;
        const __m128i first = csvcheck_local_chunk(_mm_loadu_si128((const __m128i *)(const void *)p), &bad, &dots);
        const __m128i last = csvcheck_local_chunk(_mm_loadu_si128((const __m128i *)(const void *)(p + length - 16)), &bad2, &dots2);
        const uint64_t dot_bits = (uint64_t)dots | (uint64_t)dots2 << (length - 16);
        if ((bad | bad2) | (dot_bits & 1) | ((dot_bits >> (length - 1)) & 1) | (dot_bits & (dot_bits >> 1))) return 0;
        *hash = csvcheck_vector_mix(csvcheck_vector_mix(h, first), last);
        return 1;
    }
    uint32_t any_bad = 0;
    uint64_t dot_bits = 0;
    intptr_t offset = 0;
    for (; offset + 16 <= length; offset += 16) {
        const __m128i chunk = csvcheck_local_chunk(_mm_loadu_si128((const __m128i *)(const void *)(p + offset)), &bad, &dots);
        any_bad |= bad;
        dot_bits |= (uint64_t)dots << offset;
        h = csvcheck_vector_mix(h, chunk);
    }
    if (offset < length) {
        const __m128i chunk = csvcheck_local_chunk(_mm_loadu_si128((const __m128i *)(const void *)(p + length - 16)), &bad, &dots);
        any_bad |= bad;
        dot_bits |= (uint64_t)dots << (length - 16);
        h = csvcheck_vector_mix(h, chunk);
    }
    if (any_bad | (dot_bits & 1) | ((dot_bits >> (length - 1)) & 1) | (dot_bits & (dot_bits >> 1))) return 0;
    *hash = h;
    return 1;
#else
    int previous_dot = 1;  // a leading dot is a dot after a dot
    for (intptr_t i = 0; i < length; i++) {
        const uint8_t c = p[i];
        const uint8_t lower = c | 0x20;
        const int letter = lower >= 'a' && lower <= 'z';
        const int other = c >= 0x2D && c <= 0x39;
        if (!letter && !other) return 0;
        const int dot = c == '.';
        if (dot && previous_dot) return 0;
        previous_dot = dot;
    }
    if (previous_dot) return 0;
    *hash = csvcheck_folded_chunks_hash(p, length, CSVCHECK_LOCAL_SEED);
    return 1;
#endif
}

/// The answer of ``csvcheck_plain_local_part``: whether the local part is plain, and then its
/// hash. Returned in registers (no pointer to the caller's stack, so no stack protector there).
typedef struct {
    uint64_t hash;
    int plain;
} csvcheck_local_part;

/// ``csvcheck_plain_local_part_into``, its answer returned as a value.
static inline __attribute__((always_inline)) csvcheck_local_part csvcheck_plain_local_part(const uint8_t *p, intptr_t length) {
    csvcheck_local_part result = {0, 0};
    result.plain = csvcheck_plain_local_part_into(p, length, &result.hash);
    return result;
}

#endif
