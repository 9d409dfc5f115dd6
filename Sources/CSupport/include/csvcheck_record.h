#ifndef CSVCHECK_RECORD_H
#define CSVCHECK_RECORD_H

#include <stdint.h>

#include "csvcheck_scan.h"

/// The tokenizer's search for delimiters, quotes and line breaks over one chunk: the bits of
/// the 64 bytes from `base` (``csvcheck_special_bits``) are kept between calls, so that the
/// fields of consecutive records cost a count of trailing zeros each, not a new vector pass.
typedef struct {
    /// The chunk.
    const uint8_t *p;
    /// The chunk's length.
    int64_t n;
    /// The chunk index of bit 0 of `bits`; far below 0 until a line is loaded.
    int64_t base;
    /// Bit `k` set when byte `base + k` is special.
    uint64_t bits;
    /// The field delimiter.
    uint8_t delimiter;
} csvcheck_scanner;

/// A scanner over the `n` bytes at `p`.
static inline csvcheck_scanner csvcheck_scanner_make(const uint8_t *p, int64_t n, uint8_t delimiter) {
    csvcheck_scanner s = {p, n, INT64_MIN / 2, 0, delimiter};
    return s;
}

/// The index of the first delimiter, quote, CR or LF at or after `from` and before `limit` (at
/// most the chunk's length), or `limit` when there is none. Where 64 bytes cannot be read (the
/// chunk's last 63), one byte at a time.
static inline int64_t csvcheck_next_special(csvcheck_scanner *s, int64_t from, int64_t limit) {
    int64_t j = from;
    while (j < limit) {
        const uint64_t offset = (uint64_t)(j - s->base);
        if (offset < 64) {
            const uint64_t pending = s->bits & (~(uint64_t)0 << offset);
            if (pending != 0) {
                const int64_t k = s->base + __builtin_ctzll(pending);
                return k < limit ? k : limit;
            }
            j = s->base + 64;
            continue;
        }
        if (j + 64 > s->n) {
            const uint8_t d = s->delimiter;
            for (; j < limit; j++) {
                const uint8_t c = s->p[j];
                if (c == d || c == '"' || c == '\r' || c == '\n') return j;
            }
            return limit;
        }
        s->base = j;
        s->bits = csvcheck_special_bits(s->p + j, s->delimiter);
    }
    return limit;
}

/// One field of a record, laid out as CSVCore's `FieldSpan` (offsets from the record's first
/// byte; a test checks that the two layouts agree).
typedef struct {
    int32_t start;
    int32_t end;
    int32_t value_start;
    int32_t value_end;
    int32_t problem_at;
    uint8_t flags;
} csvcheck_span;

/// `FieldSpan.Flags.quoted`.
#define CSVCHECK_SPAN_QUOTED 1
/// `FieldSpan.Flags.escapedQuote`.
#define CSVCHECK_SPAN_ESCAPED_QUOTE 2
/// `FieldSpan.Flags.unescaped`: the value is in the record's scratch bytes.
#define CSVCHECK_SPAN_UNESCAPED 32

/// `LineTerminator` raw values.
#define CSVCHECK_TERMINATOR_CRLF 0
#define CSVCHECK_TERMINATOR_LF 1
#define CSVCHECK_TERMINATOR_CR 2

/// Where a record read by ``csvcheck_plain_record`` ends.
typedef struct {
    /// The index of its line break.
    int64_t end;
    /// The index after its line break.
    int64_t next;
    /// A `CSVCHECK_TERMINATOR_` value.
    uint8_t terminator;
} csvcheck_record_end;

/// Reads the record that starts at `start` when it is of the common kind: on one line, inside
/// `limit` (and its line break identifiable inside the chunk), with at most `capacity` fields,
/// each unquoted without a quote, or quoted without a doubled quote, a line break or text after
/// the closing quote. Writes its spans and where it ends, and returns its field count; returns 0
/// (the spans written are then garbage) when the record is of any other kind, for the general
/// tokenizer to read.
int64_t csvcheck_plain_record(
    csvcheck_scanner *scanner, int64_t start, int64_t limit, csvcheck_span *spans, int64_t capacity,
    csvcheck_record_end *end);

/// One record's place in a block of copies, laid out as CSVCheck's `RecordBlock.Entry` (a test
/// checks that the two layouts agree).
typedef struct {
    int64_t offset;
    int64_t line;
    int64_t raw_length;
    uint32_t bytes_start;
    uint32_t bytes_end;
    uint32_t scratch_start;
    uint32_t scratch_end;
    uint32_t spans_start;
    uint32_t spans_end;
    int32_t field_count;
    int32_t line_count;
    int32_t unterminated_field;
    uint8_t terminator;
} csvcheck_block_entry;

/// Where ``csvcheck_plain_records`` copies records: the raw storage of a block (bytes, spans,
/// entries, each with its count and capacity) and the stream position of the next record.
typedef struct {
    uint8_t *bytes;
    int64_t bytes_count;
    int64_t bytes_capacity;
    csvcheck_span *spans;
    int64_t spans_count;
    int64_t spans_capacity;
    csvcheck_block_entry *entries;
    int64_t entries_count;
    int64_t entries_capacity;
    /// The block's scratch bytes (the unescaped values of fields with a doubled quote), with
    /// their count and capacity.
    uint8_t *scratch;
    int64_t scratch_count;
    int64_t scratch_capacity;
    /// The absolute stream offset of the chunk's first byte.
    int64_t stream_offset;
    /// The physical line of the next record.
    int64_t line;
} csvcheck_block_sink;

/// Copies the plain records (as ``csvcheck_plain_record`` reads them, and also those whose
/// quoted values have doubled quotes: such a value is unescaped into the sink's scratch bytes,
/// its span flagged as the general tokenizer flags it) from `start` on into `sink`, one after
/// the other, until a record is of another kind, the chunk ends, or the sink has no room for
/// the next record (its entries, bytes, spans or scratch bytes). Returns the index after the
/// last record copied (`start` when none was); advances the sink's counts and line.
int64_t csvcheck_plain_records(
    csvcheck_scanner *scanner, int64_t start, int64_t max_record_bytes, csvcheck_block_sink *sink);

#endif
