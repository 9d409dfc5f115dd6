#ifndef CSVCHECK_PASSWORD_H
#define CSVCHECK_PASSWORD_H

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// The name prefilter of the password fast path (PWD006, see PasswordName.containsName): whether
// a normalized password certainly contains no piece of the mailbox's local part, with the local
// part's separators found by one SSE2 compare and each piece's first four normalized bytes
// looked for at 16 positions of the password per compare. It only ever answers "certainly not"
// or "not known"; the Swift search decides the rest.

/// The four bytes at `p` normalized through `fold` (256 entries), as
/// `b0 | b1 << 8 | b2 << 16 | b3 << 24`: the rare case of ``csvcheck_password_head``, apart so
/// that the common one keeps its registers.
static __attribute__((noinline, cold)) uint32_t csvcheck_password_head_folded(const uint8_t *p, const uint8_t *fold) {
    return (uint32_t)fold[p[0]] | (uint32_t)fold[p[1]] << 8 | (uint32_t)fold[p[2]] << 16 | (uint32_t)fold[p[3]] << 24;
}

/// The four bytes at `p`, normalized, as `b0 | b1 << 8 | b2 << 16 | b3 << 24`: for four ASCII
/// letters their lowercase in one word, else byte by byte through `fold`. The head of a name
/// piece for both searches of PWD006 (this prefilter and `PasswordName`'s exact search).
static inline __attribute__((always_inline)) uint32_t csvcheck_password_head(const uint8_t *p, const uint8_t *fold) {
    const uint32_t word = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    const uint32_t lower = word | 0x20202020u;
    // Bit 7 of a lane: in `from_a` when the lowercased byte is at least 'a', in `past_z` when it
    // is past 'z'. A non-ASCII lane (whose carry may reach the next lane) fails on `~word`.
    const uint32_t from_a = lower + 0x1F1F1F1Fu;
    const uint32_t past_z = lower + 0x05050505u;
    if (__builtin_expect((from_a & ~past_z & ~word & 0x80808080u) == 0x80808080u, 1)) return lower;
    return csvcheck_password_head_folded(p, fold);
}

#if defined(__SSE2__)
/// The lanes of `w0`-`w3` (a text's 4-byte windows, at positions `4 i + j` in lane `i` of
/// vector `j`) that equal `head`.
static inline __attribute__((always_inline)) __m128i csvcheck_password_matches(
    __m128i w0, __m128i w1, __m128i w2, __m128i w3, uint32_t head) {
    const __m128i needle = _mm_set1_epi32((int)head);
    return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi32(w0, needle), _mm_cmpeq_epi32(w1, needle)),
                        _mm_or_si128(_mm_cmpeq_epi32(w2, needle), _mm_cmpeq_epi32(w3, needle)));
}

/// The separators `.`, `-` and `_` among the 16 bytes `v`, one bit per byte.
static inline __attribute__((always_inline)) uint32_t csvcheck_password_separators(__m128i v) {
    const __m128i found = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
        _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    return (uint32_t)_mm_movemask_epi8(found);
}

/// The UTF-8 continuation bytes (`0x80`-`0xBF`) among the 16 bytes `v`, one bit per byte:
/// as signed bytes they are the ones below `0xC0` (-64), which no ASCII byte is.
static inline __attribute__((always_inline)) uint32_t csvcheck_password_continuations(__m128i v) {
    return (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)));
}

/// The 16 bytes at `p`, unaligned.
static inline __attribute__((always_inline)) __m128i csvcheck_password_load(const uint8_t *p) {
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}
#endif

#if defined(__SSE2__)
/// A local part of 8 to 16 bytes as one vector: its first 8 bytes and its last 8, which
/// overlap when it has fewer than 16 (the overlap repeats bytes, whose bits are set twice).
static inline __attribute__((always_inline)) __m128i csvcheck_local_part_short(const uint8_t *name, intptr_t length) {
    uint64_t head, tail;
    memcpy(&head, name, 8);
    memcpy(&tail, name + length - 8, 8);
    return _mm_set_epi64x((long long)tail, (long long)head);
}

/// One bit per byte of a local part of 8 to 16 bytes (bit `i` for `name[i]`) from one bit per
/// lane of its vector (``csvcheck_local_part_short``).
static inline __attribute__((always_inline)) uint64_t csvcheck_local_part_spread_short(uint32_t lanes, intptr_t length) {
    return (lanes & 0xFF) | (uint64_t)(lanes >> 8) << (length - 8);
}

/// One bit per byte of a local part of 17 to 32 bytes from one bit per lane of its first 16
/// bytes (`first`) and its last 16 (`last`).
static inline __attribute__((always_inline)) uint64_t csvcheck_local_part_spread_long(
    uint32_t first, uint32_t last, intptr_t length) {
    return (uint64_t)first | (uint64_t)last << (length - 16);
}
#endif

/// The separators `.`, `-` and `_` of the local part `name` (`length` bytes, 8 to 32), one bit
/// per byte (bit `i` for `name[i]`), into `*separators`. Returns 0, and sets nothing, when a byte
/// is not ASCII.
static inline __attribute__((always_inline)) int csvcheck_local_part_separators(
    const uint8_t *name, intptr_t length, uint64_t *separators) {
#if defined(__SSE2__)
    if (length <= 16) {
        const __m128i v = csvcheck_local_part_short(name, length);
        if (_mm_movemask_epi8(v)) return 0;
        *separators = csvcheck_local_part_spread_short(csvcheck_password_separators(v), length);
    } else {
        const __m128i v = csvcheck_password_load(name);
        const __m128i w = csvcheck_password_load(name + length - 16);
        if (_mm_movemask_epi8(_mm_or_si128(v, w))) return 0;
        *separators = csvcheck_local_part_spread_long(csvcheck_password_separators(v), csvcheck_password_separators(w), length);
    }
    return 1;
#else
    uint64_t bits = 0;
    for (intptr_t i = 0; i < length; i++) {
        const uint8_t c = name[i];
        if (c >= 0x80) return 0;
        if (c == '.' || c == '-' || c == '_') bits |= (uint64_t)1 << i;
    }
    *separators = bits;
    return 1;
#endif
}

/// ``csvcheck_local_part_separators`` for any local part of 8 to 32 bytes, ASCII or not: its
/// separators into `*separators` and its UTF-8 continuation bytes (`10xxxxxx`, the bytes of a
/// character after its first) into `*continuations`, bit `i` for `name[i]`. A piece's
/// characters are its bytes less the continuation bits in its range
/// (``csvcheck_local_part_characters``). The path of the non-ASCII local parts: the ASCII ones
/// keep the cheaper call, which counts no characters.
static inline __attribute__((always_inline)) void csvcheck_local_part_bits(
    const uint8_t *name, intptr_t length, uint64_t *separators, uint64_t *continuations) {
#if defined(__SSE2__)
    if (length <= 16) {
        const __m128i v = csvcheck_local_part_short(name, length);
        *separators = csvcheck_local_part_spread_short(csvcheck_password_separators(v), length);
        *continuations = csvcheck_local_part_spread_short(csvcheck_password_continuations(v), length);
    } else {
        const __m128i v = csvcheck_password_load(name);
        const __m128i w = csvcheck_password_load(name + length - 16);
        *separators = csvcheck_local_part_spread_long(csvcheck_password_separators(v), csvcheck_password_separators(w), length);
        *continuations =
            csvcheck_local_part_spread_long(csvcheck_password_continuations(v), csvcheck_password_continuations(w), length);
    }
#else
    uint64_t bits = 0, follow = 0;
    for (intptr_t i = 0; i < length; i++) {
        const uint8_t c = name[i];
        if (c == '.' || c == '-' || c == '_') bits |= (uint64_t)1 << i;
        if ((c & 0xC0) == 0x80) follow |= (uint64_t)1 << i;
    }
    *separators = bits;
    *continuations = follow;
#endif
}

/// The characters of `name[start..<end]` (`end` at most 32): its bytes less its continuation
/// bytes, from the bits of ``csvcheck_local_part_bits``. For an ASCII local part the prefilter
/// passes a constant 0, and the count folds away once inlined.
static inline __attribute__((always_inline)) intptr_t csvcheck_local_part_characters(
    uint64_t continuations, intptr_t start, intptr_t end) {
    const uint64_t range = (((uint64_t)1 << end) - 1) & ~(((uint64_t)1 << start) - 1);
    return end - start - (intptr_t)__builtin_popcountll(continuations & range);
}

#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/// The search of ``csvcheck_password_name_absent`` once the local part's pieces are known:
/// `separators` and `continuations` as ``csvcheck_local_part_bits`` gives them (`continuations`
/// 0 for an ASCII local part).
static inline __attribute__((always_inline)) int csvcheck_password_name_absent_given(
    const uint8_t *text, intptr_t n, const uint8_t *name, intptr_t length, const uint8_t *fold, uint64_t separators,
    uint64_t continuations) {
    const __m128i w0 = csvcheck_password_load(text);
    const __m128i w1 = csvcheck_password_load(text + 1);
    const __m128i w2 = csvcheck_password_load(text + 2);
    const __m128i w3 = csvcheck_password_load(text + 3);
    __m128i found = _mm_setzero_si128();
    // Each piece ends at a separator or at the end of the local part.
    uint64_t ends = separators | (uint64_t)1 << length;
    intptr_t start = 0;
    int searched = 0;
    if (n <= 19) {
        while (ends) {
            const intptr_t end = __builtin_ctzll(ends);
            if (csvcheck_local_part_characters(continuations, start, end) >= 4) {
                searched = 1;
                found = _mm_or_si128(found, csvcheck_password_matches(w0, w1, w2, w3, csvcheck_password_head(name + start, fold)));
            }
            start = end + 1;
            ends &= ends - 1;
        }
    } else {
        // Positions n-19 to n-4 too, overlapping the first 16.
        const uint8_t *last = text + n - 19;
        const __m128i x0 = csvcheck_password_load(last);
        const __m128i x1 = csvcheck_password_load(last + 1);
        const __m128i x2 = csvcheck_password_load(last + 2);
        const __m128i x3 = csvcheck_password_load(last + 3);
        while (ends) {
            const intptr_t end = __builtin_ctzll(ends);
            if (csvcheck_local_part_characters(continuations, start, end) >= 4) {
                searched = 1;
                const uint32_t head = csvcheck_password_head(name + start, fold);
                found = _mm_or_si128(found, _mm_or_si128(csvcheck_password_matches(w0, w1, w2, w3, head),
                                                         csvcheck_password_matches(x0, x1, x2, x3, head)));
            }
            start = end + 1;
            ends &= ends - 1;
        }
    }
    // Without a long piece the whole local part is searched: left to the caller (rare).
    return searched && _mm_movemask_epi8(found) == 0;
}

/// ``csvcheck_password_name_absent`` for a local part with a byte that is not ASCII: apart, so
/// that the ASCII path keeps its size and counts no characters.
static __attribute__((noinline)) int csvcheck_password_name_absent_unicode(
    const uint8_t *text, intptr_t n, const uint8_t *name, intptr_t length, const uint8_t *fold) {
    uint64_t separators, continuations;
    csvcheck_local_part_bits(name, length, &separators, &continuations);
    return csvcheck_password_name_absent_given(text, n, name, length, fold, separators, continuations);
}
#endif

/// 1 when the normalized password `text` (`n` bytes, 4 to 35, followed by at least 16 readable
/// bytes) certainly contains no name of the local part `name` (`length` bytes as given) in the
/// sense of PWD006; 0 when that is not known (the caller then searches in full).
///
/// The names searched are the pieces between `.`, `-` and `_` of at least 4 characters (the
/// whole local part when there is no separator). Answers only for a local part of 8 to 32
/// bytes with such a piece, ASCII (``csvcheck_local_part_separators``; a character is then a
/// byte) or not (``csvcheck_local_part_bits``, ``csvcheck_local_part_characters``).
/// A piece whose first four normalized bytes (normalized
/// with `fold`, 256 entries) occur at no position of the text is certainly not in it. The
/// positions are tested 16 at a time (0-15, and for a text over 19 bytes also the 16 that end
/// it), from four unaligned loads of the text that every piece shares. Without SSE2, always 0.
static inline __attribute__((always_inline)) int csvcheck_password_name_absent(
    const uint8_t *text, intptr_t n, const uint8_t *name, intptr_t length, const uint8_t *fold) {
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (length < 8 || length > 32 || n > 35) return 0;
    uint64_t separators;
    if (!csvcheck_local_part_separators(name, length, &separators)) {
        return csvcheck_password_name_absent_unicode(text, n, name, length, fold);
    }
    return csvcheck_password_name_absent_given(text, n, name, length, fold, separators, 0);
#else
    (void)text; (void)n; (void)name; (void)length; (void)fold;
    return 0;
#endif
}

#endif
