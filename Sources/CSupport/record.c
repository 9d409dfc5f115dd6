// The tokenizer's fast path for the records most files consist of (see csvcheck_record.h): a
// tight loop over the special bytes of a chunk, with no state carried between records but the
// scanner's bits.

#include "csvcheck_record.h"

#include <string.h>

/// ``csvcheck_next_special`` on a scanner held in locals (`base`, `bits`), so that the record's
/// loop keeps them in registers: stores to the spans could otherwise alias the scanner.
static inline int64_t next_special(
    const uint8_t *p, int64_t n, uint8_t d, int64_t *base, uint64_t *bits, int64_t from, int64_t limit) {
    int64_t j = from;
    while (j < limit) {
        const uint64_t offset = (uint64_t)(j - *base);
        if (offset < 64) {
            const uint64_t pending = *bits & (~(uint64_t)0 << offset);
            if (pending != 0) {
                const int64_t k = *base + __builtin_ctzll(pending);
                return k < limit ? k : limit;
            }
            j = *base + 64;
            continue;
        }
        if (j + 64 > n) {
            for (; j < limit; j++) {
                const uint8_t c = p[j];
                if (c == d || c == '"' || c == '\r' || c == '\n') return j;
            }
            return limit;
        }
        *base = j;
        *bits = csvcheck_special_bits(p + j, d);
    }
    return limit;
}

/// Where a record whose line break is at `k` ends: LF, CR or CRLF. Returns 0 when that is
/// undecidable (a CR as the chunk's last byte).
__attribute__((always_inline)) static inline int line_end(
    const uint8_t *p, int64_t n, int64_t k, csvcheck_record_end *end) {
    end->end = k;
    if (p[k] == '\r') {
        if (k + 1 >= n) return 0;
        const int crlf = p[k + 1] == '\n';
        end->terminator = crlf ? CSVCHECK_TERMINATOR_CRLF : CSVCHECK_TERMINATOR_CR;
        end->next = k + 1 + crlf;
    } else {
        end->terminator = CSVCHECK_TERMINATOR_LF;
        end->next = k + 1;
    }
    return 1;
}

/// ``csvcheck_plain_record`` on a scanner held in locals of the caller (see ``next_special``).
__attribute__((always_inline)) static inline int64_t read_record(
    const uint8_t *p, int64_t n, uint8_t d, int64_t *scan_base, uint64_t *scan_bits, int64_t start, int64_t limit,
    csvcheck_span *spans, int64_t capacity, csvcheck_record_end *end) {
    if (start >= limit) return 0;
    if (p[start] == '\n' || p[start] == '\r') return 0;
    int64_t base = *scan_base;
    uint64_t bits = *scan_bits;
    int64_t j = start;
    int64_t fields = 0;
    int64_t result = 0;
    for (;;) {
        if (fields == capacity) goto done;
        csvcheck_span *span = spans + fields;
        const int64_t begin = j;
        if (j < limit && p[j] == '"') {
            // Up to the closing quote; a delimiter inside is part of the value.
            int64_t k = j + 1;
            for (;;) {
                k = next_special(p, n, d, &base, &bits, k, limit);
                if (k >= limit) goto done;
                const uint8_t c = p[k];
                if (c == '"') break;
                if (c != d) goto done;  // a line break inside the quotes
                k += 1;
            }
            if (k + 1 >= limit) goto done;
            const uint8_t after = p[k + 1];
            if (after != d && after != '\n' && after != '\r') goto done;  // "" or text after the quote
            span->start = (int32_t)(begin - start);
            span->end = (int32_t)(k + 1 - start);
            span->value_start = (int32_t)(begin + 1 - start);
            span->value_end = (int32_t)(k - start);
            span->problem_at = -1;
            span->flags = CSVCHECK_SPAN_QUOTED;
            j = k + 1;
        } else {
            j = next_special(p, n, d, &base, &bits, j, limit);
            if (j >= limit || p[j] == '"') goto done;
            span->start = (int32_t)(begin - start);
            span->end = (int32_t)(j - start);
            span->value_start = span->start;
            span->value_end = span->end;
            span->problem_at = -1;
            span->flags = 0;
        }
        fields += 1;
        const uint8_t c = p[j];
        if (c == d) {
            j += 1;
            continue;
        }
        if (!line_end(p, n, j, end)) goto done;
        result = fields;
        goto done;
    }
done:
    // The bits loaded stay valid whatever the outcome: they describe the chunk, not the record.
    *scan_base = base;
    *scan_bits = bits;
    return result;
}

int64_t csvcheck_plain_record(
    csvcheck_scanner *scanner, int64_t start, int64_t limit, csvcheck_span *spans, int64_t capacity,
    csvcheck_record_end *end) {
    int64_t base = scanner->base;
    uint64_t bits = scanner->bits;
    const int64_t fields =
        read_record(scanner->p, scanner->n, scanner->delimiter, &base, &bits, start, limit, spans, capacity, end);
    scanner->base = base;
    scanner->bits = bits;
    return fields;
}

/// The result of ``read_consuming`` for a record it cannot finish because the next 64 bytes lie
/// past the chunk's end: ``read_record`` reads that one.
#define CSVCHECK_TAIL (-1)

/// The next special byte after the ones consumed (`pending` holds the bits of the window at
/// `base` not yet consumed), into `k`; loads the following window when this one is used up, and
/// goes to `tail` when that window would reach past the chunk's end.
#define CSVCHECK_NEXT(k)                                                    \
    while (pending == 0) {                                                  \
        if (base + 128 > n) goto tail;                                      \
        base += 64;                                                         \
        bits = csvcheck_special_bits(p + base, d);                          \
        pending = bits;                                                     \
    }                                                                       \
    (k) = base + __builtin_ctzll(pending);                                  \
    pending &= pending - 1;

/// ``read_record`` for the bulk loop: it consumes the special bytes in order (`pending`, the
/// window's bits after the last one consumed), one bit operation each, instead of searching
/// from a position for every field. `pending` must stand at `start` (no special byte between it
/// and `start`). Unlike ``read_record`` it also takes quoted values with doubled quotes: their
/// spans are flagged ``CSVCHECK_SPAN_UNESCAPED`` with the raw offsets between the quotes, and
/// `escaped` is set, for the caller to unescape them (``unescape_values``). Returns the field
/// count, 0 for a record of another kind (the scanner then stands anywhere inside it), or
/// ``CSVCHECK_TAIL``.
__attribute__((always_inline)) static inline int64_t read_consuming(
    const uint8_t *p, int64_t n, uint8_t d, int64_t *scan_base, uint64_t *scan_bits, uint64_t *scan_pending,
    int64_t start, int64_t limit, csvcheck_span *spans, int64_t capacity, csvcheck_record_end *end, int *escaped) {
    int64_t base = *scan_base;
    uint64_t bits = *scan_bits;
    uint64_t pending = *scan_pending;
    int64_t result = 0;
    int64_t j = start;
    int64_t fields = 0;
    if (start >= limit || p[start] == '\n' || p[start] == '\r') goto done;
    for (;;) {
        if (fields == capacity) goto done;
        int64_t k;
        CSVCHECK_NEXT(k)
        if (k >= limit) goto done;
        uint8_t c = p[k];
        csvcheck_span *span = spans + fields;
        if (c == '"') {
            // Only a quote that opens the field; then up to the closing quote, across delimiters
            // and doubled quotes.
            if (k != j) goto done;
            int64_t q;
            uint8_t flags = CSVCHECK_SPAN_QUOTED;
            for (;;) {
                CSVCHECK_NEXT(q)
                if (q >= limit) goto done;
                const uint8_t e = p[q];
                if (e == '"') {
                    // Right after a quote: a quote (a doubled one, the value goes on), or a
                    // delimiter or a line break (it closed the value), not text.
                    CSVCHECK_NEXT(k)
                    if (k != q + 1 || k >= limit) goto done;
                    c = p[k];
                    if (c != '"') break;
                    flags = CSVCHECK_SPAN_QUOTED | CSVCHECK_SPAN_ESCAPED_QUOTE | CSVCHECK_SPAN_UNESCAPED;
                    continue;
                }
                if (e != d) goto done;  // a line break inside the quotes
            }
            span->start = (int32_t)(j - start);
            span->end = (int32_t)(k - start);
            // For a value with a doubled quote, the raw offsets until the caller unescapes it.
            span->value_start = (int32_t)(j + 1 - start);
            span->value_end = (int32_t)(q - start);
            span->flags = flags;
            *escaped |= flags != CSVCHECK_SPAN_QUOTED;
        } else {
            span->start = (int32_t)(j - start);
            span->end = (int32_t)(k - start);
            span->value_start = span->start;
            span->value_end = span->end;
            span->flags = 0;
        }
        span->problem_at = -1;
        fields += 1;
        if (c == d) {
            j = k + 1;
            continue;
        }
        if (!line_end(p, n, k, end)) goto done;
        if (end->terminator == CSVCHECK_TERMINATOR_CRLF) {
            int64_t lf;
            CSVCHECK_NEXT(lf)  // the LF, at k + 1
            (void)lf;
        }
        result = fields;
        goto done;
    }
tail:
    result = CSVCHECK_TAIL;
done:
    *scan_base = base;
    *scan_bits = bits;
    *scan_pending = pending;
    return result;
}

/// Puts `pending` at position `i`: the window's bits from `i` on, loading the window at `i` when
/// `i` is outside it. Returns 0 when that window would reach past the chunk's end.
__attribute__((always_inline)) static inline int sync_pending(
    const uint8_t *p, int64_t n, uint8_t d, int64_t *base, uint64_t *bits, uint64_t *pending, int64_t i) {
    const uint64_t offset = (uint64_t)(i - *base);
    if (offset < 64) {
        *pending = *bits & (~(uint64_t)0 << offset);
        return 1;
    }
    if (i + 64 > n) return 0;
    *base = i;
    *bits = csvcheck_special_bits(p + i, d);
    *pending = *bits;
    return 1;
}

/// Writes the values of the `count` spans of the record at `record` that have a doubled quote
/// (``CSVCHECK_SPAN_UNESCAPED``, with raw offsets between the quotes) to `scratch`, each
/// doubled quote as one, and points those spans at their copies (offsets from `scratch`, the
/// record's first scratch byte, as the general tokenizer does). Returns the bytes written.
static int64_t unescape_values(const uint8_t *record, csvcheck_span *spans, int64_t count, uint8_t *scratch) {
    int64_t written = 0;
    for (int64_t f = 0; f < count; f++) {
        csvcheck_span *span = spans + f;
        if (!(span->flags & CSVCHECK_SPAN_UNESCAPED)) continue;
        const int64_t from = written;
        // Between the quotes every quote is doubled (the reader checked).
        for (int64_t k = span->value_start; k < span->value_end; k++) {
            const uint8_t c = record[k];
            scratch[written++] = c;
            if (c == '"') k++;
        }
        span->value_start = (int32_t)from;
        span->value_end = (int32_t)written;
    }
    return written;
}

int64_t csvcheck_plain_records(
    csvcheck_scanner *scanner, int64_t start, int64_t max_record_bytes, csvcheck_block_sink *sink) {
    const uint8_t *const p = scanner->p;
    const int64_t n = scanner->n;
    const uint8_t d = scanner->delimiter;
    int64_t base = scanner->base;
    uint64_t bits = scanner->bits;
    uint64_t pending = 0;
    // The sink in locals too: the stores below could alias it.
    uint8_t *const bytes = sink->bytes;
    csvcheck_span *const spans = sink->spans;
    csvcheck_block_entry *const entries = sink->entries;
    const int64_t bytes_capacity = sink->bytes_capacity;
    const int64_t spans_capacity = sink->spans_capacity;
    const int64_t entries_capacity = sink->entries_capacity;
    const int64_t stream_offset = sink->stream_offset;
    uint8_t *const scratch = sink->scratch;
    const int64_t scratch_capacity = sink->scratch_capacity;
    int64_t scratch_count = sink->scratch_count;
    int64_t bytes_count = sink->bytes_count;
    int64_t spans_count = sink->spans_count;
    int64_t entries_count = sink->entries_count;
    int64_t line = sink->line;
    int64_t i = start;
    csvcheck_record_end end;
    int synced = i < n && sync_pending(p, n, d, &base, &bits, &pending, i);
    while (entries_count < entries_capacity) {
        const int64_t limit = n - i < max_record_bytes ? n : i + max_record_bytes;
        const int64_t room = spans_capacity - spans_count;
        if (room < 1) break;
        // Spans past the count are scratch until the record is kept.
        int64_t fields = CSVCHECK_TAIL;
        int escaped = 0;
        if (synced) {
            fields = read_consuming(p, n, d, &base, &bits, &pending, i, limit, spans + spans_count, room, &end, &escaped);
        }
        if (fields == CSVCHECK_TAIL) {
            // Near the chunk's end: searched from the position, one record.
            fields = read_record(p, n, d, &base, &bits, i, limit, spans + spans_count, room, &end);
            synced = 0;
        }
        // (A record always ends at or after its start; the test costs nothing and keeps a
        // broken scanner state from ever running backwards.)
        if (fields == 0 || end.end < i) break;
        const int64_t length = end.end - i;
        if (bytes_capacity - bytes_count < length) break;
        const int64_t scratch_start = scratch_count;
        if (escaped) {
            // Values with doubled quotes go to the block's scratch, unescaped (never longer
            // than the record).
            if (scratch == NULL || scratch_capacity - scratch_count < length) break;
            scratch_count += unescape_values(p + i, spans + spans_count, fields, scratch + scratch_start);
        }
        if (i + length + 32 <= n && bytes_capacity - bytes_count >= length + 32) {
            // 32 bytes a step, the last step past the record's end (those bytes are scratch
            // until the next record overwrites them): no call for a record of a few dozen bytes.
            for (int64_t o = 0; o < length; o += 32) __builtin_memcpy(bytes + bytes_count + o, p + i + o, 32);
        } else {
            memcpy(bytes + bytes_count, p + i, (size_t)length);
        }
        csvcheck_block_entry *entry = entries + entries_count;
        entry->offset = stream_offset + i;
        entry->line = line;
        entry->raw_length = length;
        entry->bytes_start = (uint32_t)bytes_count;
        entry->bytes_end = (uint32_t)(bytes_count + length);
        entry->scratch_start = (uint32_t)scratch_start;
        entry->scratch_end = (uint32_t)scratch_count;
        entry->spans_start = (uint32_t)spans_count;
        entry->spans_end = (uint32_t)(spans_count + fields);
        entry->field_count = (int32_t)fields;
        entry->line_count = 1;
        entry->unterminated_field = -1;
        entry->terminator = end.terminator;
        bytes_count += length;
        spans_count += fields;
        entries_count += 1;
        line += 1;
        i = end.next;
        if (!synced) synced = i < n && sync_pending(p, n, d, &base, &bits, &pending, i);
    }
    scanner->base = base;
    scanner->bits = bits;
    sink->bytes_count = bytes_count;
    sink->spans_count = spans_count;
    sink->entries_count = entries_count;
    sink->scratch_count = scratch_count;
    sink->line = line;
    return i;
}
