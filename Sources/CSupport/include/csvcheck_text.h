#ifndef CSVCHECK_TEXT_H
#define CSVCHECK_TEXT_H

#include <stdint.h>

#include "csvcheck_record.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Whether every one of the `length` bytes at `p` is printable ASCII (0x20...0x7E), for
/// `length` of 16 or more: 16 bytes per step with SSE2 (the last step's 16 bytes end at the last
/// byte, overlapping the step before), a plain loop elsewhere.
static inline __attribute__((always_inline)) int csvcheck_printable_ascii16(const uint8_t *p, intptr_t length) {
#if defined(__SSE2__)
    // Plus one, as signed bytes, the printable ones (0x20...0x7E) are exactly those above 0x20:
    // 0x7F becomes -128, the bytes from 0x80 up become negative or 0, those below 0x20 stay at
    // most 0x20.
    const __m128i one = _mm_set1_epi8(1);
    const __m128i floor = _mm_set1_epi8(0x20);
    __m128i ok = _mm_set1_epi8(-1);
    intptr_t i = 0;
    for (; i + 16 < length; i += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        ok = _mm_and_si128(ok, _mm_cmpgt_epi8(_mm_add_epi8(v, one), floor));
    }
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + length - 16));
    ok = _mm_and_si128(ok, _mm_cmpgt_epi8(_mm_add_epi8(v, one), floor));
    return _mm_movemask_epi8(ok) == 0xFFFF;
#else
    for (intptr_t i = 0; i < length; i++) {
        if (p[i] < 0x20 || p[i] > 0x7E) return 0;
    }
    return 1;
#endif
}

#if defined(__SSE2__)
/// The lanes of `v` that hold an ASCII control character (below 0x20, or 0x7F), all bits set.
static inline __attribute__((always_inline)) __m128i csvcheck_control_lanes(__m128i v) {
    // Unsigned v <= 0x1F: the smaller of v and 0x1F is v.
    const __m128i below = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    return _mm_or_si128(below, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
}
#endif

/// Whether any of the `length` bytes at `p` is an ASCII control character (below 0x20, or
/// 0x7F): as ``csvcheck_printable_ascii16`` steps, 16 bytes at a time from 16 bytes on (the
/// last step's 16 bytes end at the last byte), a plain loop for shorter values and elsewhere.
static inline int csvcheck_has_control(const uint8_t *p, intptr_t length) {
#if defined(__SSE2__)
    if (length >= 16) {
        __m128i hit = _mm_setzero_si128();
        for (intptr_t i = 0; i + 16 < length; i += 16) {
            hit = _mm_or_si128(hit, csvcheck_control_lanes(_mm_loadu_si128((const __m128i *)(const void *)(p + i))));
        }
        hit = _mm_or_si128(hit, csvcheck_control_lanes(_mm_loadu_si128((const __m128i *)(const void *)(p + length - 16))));
        return _mm_movemask_epi8(hit) != 0;
    }
#endif
    for (intptr_t i = 0; i < length; i++) {
        if (p[i] < 0x20 || p[i] == 0x7F) return 1;
    }
    return 0;
}

/// Bit 0 set for the bytes that the text rules look for at the start of a printable value
/// (CSV008, SEC001): space, `=`, `+`, `-` and `@`.
static const uint8_t csvcheck_suspect_start[256] = {
    [' '] = 1, ['='] = 1, ['+'] = 1, ['-'] = 1, ['@'] = 1};

/// Bit 0 set for the byte that the text rules look for at the end of a printable value: space.
static const uint8_t csvcheck_suspect_end[256] = {[' '] = 1};

/// Whether a value whose first byte is `first` and last byte is `last` starts with a space,
/// `=`, `+`, `-` or `@`, or ends with a space: the only ends at which the text rules find
/// something in a printable value.
static inline __attribute__((always_inline)) int csvcheck_suspect_ends(uint8_t first, uint8_t last) {
    return csvcheck_suspect_start[first] | csvcheck_suspect_end[last];
}

/// The answer of ``csvcheck_scan_spans``.
typedef struct {
    /// Bit `i` set when field `i` has a value.
    uint64_t non_empty;
    /// Bit `i` set when field `i`'s value has an end the text rules look at
    /// (``csvcheck_suspect_ends``); all bits set when the record does not qualify (see
    /// ``csvcheck_scan_spans``).
    uint64_t suspect;
} csvcheck_span_scan;

/// One pass over the `count` (at most 64) spans of a record whose bytes start at `bytes` and
/// unescaped values at `scratch` (the values of spans with the `unescaped` flag): which fields
/// have a value, and which values start with a space, `=`, `+`, `-` or `@` or end with a space;
/// then whether all the `length` bytes of the record (at least 16) are printable ASCII
/// (``csvcheck_printable_ascii16``). `suspect` has all bits set when a span has a problem
/// offset (0 or more) or one of the `refused` flags, or a byte is not printable.
///
/// Out of line: a function of its own keeps its loop's state in registers.
static __attribute__((noinline)) csvcheck_span_scan csvcheck_scan_spans(
    const csvcheck_span *spans, intptr_t count, const uint8_t *bytes, intptr_t length, const uint8_t *scratch,
    uint8_t unescaped, uint8_t refused) {
    // The AND of every problem offset: -1 unless one is 0 or more.
    int32_t problems = -1;
    uint8_t flags = 0;
    uint64_t non_empty = 0;
    uint8_t any_suspect = 0;
    for (intptr_t i = 0; i < count; i++) {
        const csvcheck_span *span = spans + i;
        problems &= span->problem_at;
        flags |= span->flags;
        const int32_t start = span->value_start;
        const int32_t end = span->value_end;
        if (end != start) {
            const uint8_t *base = (span->flags & unescaped) ? scratch : bytes;
            non_empty |= 1ULL << i;
            any_suspect |= csvcheck_suspect_start[base[start]] | csvcheck_suspect_end[base[end - 1]];
        }
    }
    uint64_t suspect = 0;
    if (problems >= 0 || (flags & refused) || !csvcheck_printable_ascii16(bytes, length)) {
        suspect = UINT64_MAX;
    } else if (any_suspect) {
        // Rare: which values they are.
        for (intptr_t i = 0; i < count; i++) {
            const csvcheck_span *span = spans + i;
            if (span->value_end == span->value_start) continue;
            const uint8_t *value = ((span->flags & unescaped) ? scratch : bytes) + span->value_start;
            suspect |= (uint64_t)csvcheck_suspect_ends(value[0], value[span->value_end - span->value_start - 1]) << i;
        }
    }
    csvcheck_span_scan answer = {non_empty, suspect};
    return answer;
}

#endif
