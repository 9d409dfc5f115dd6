/// csvcheck_icu.h: the only door from Swift to ICU.
///
/// Plain C types only (no ICU header may be seen by Swift: Foundation bundles its own ICU and
/// the two sets of declarations clash). Every function is implemented in csvcheck_icu.c, the
/// only file that includes ICU's headers.
#ifndef CSVCHECK_ICU_H
#define CSVCHECK_ICU_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__clang__)
// Nullability qualifiers are a Clang feature (they shape the Swift signatures); other compilers
// see nothing.
#define _Nullable
#define _Nonnull
#endif

#ifdef __cplusplus
extern "C" {
#endif

// MARK: Loading

/// Whether ICU's libraries could be opened and have every function csvcheck uses: 1 or 0.
/// ICU is opened on first use (by this call or any function below), once per process; when it
/// cannot be, every function below fails as if ICU knew no charset (see its description).
int csvcheck_icu_available(void);

// MARK: Charset detection (ucsdet)

/// Detects the charset of a sample with ICU's ucsdet.
///
/// Takes the best match whose name does not start with "UTF-16" or "UTF-32", whatever its
/// confidence, and copies its ICU name (NUL-terminated, truncated to fit) into `name`.
/// Returns the match's confidence (0-100), or -1 when there is no such match or ICU fails.
/// ICU reads at most INT32_MAX bytes of the sample.
int32_t csvcheck_detect_charset(const uint8_t *_Nullable bytes, size_t count,
                                char *_Nonnull name, size_t nameCapacity);

/// The largest number of bytes one character takes in the named charset (1 for single-byte
/// charsets), or -1 when ICU has no converter of that name.
int32_t csvcheck_charset_max_char_size(const char *_Nonnull charset);

// MARK: Streaming conversion to UTF-8 (ucnv)

/// An ICU converter from a legacy charset to UTF-8 that stops at every invalid or unmappable
/// byte sequence. Opaque; one handle serves one input stream, from one thread at a time.
typedef struct csvcheck_converter csvcheck_converter;

/// The outcome of one `csvcheck_converter_convert` call.
typedef enum csvcheck_conversion_status {
    /// All input was consumed (and, when flushing, the converter is at rest).
    CSVCHECK_CONVERSION_DONE = 0,
    /// The output buffer is (almost) full; call again with the rest of the input.
    CSVCHECK_CONVERSION_OUTPUT_FULL = 1,
    /// An invalid, unmappable or truncated sequence was found; see `invalid_offset` and
    /// `invalid_length`. The converter has consumed it: call again with the rest of the input.
    CSVCHECK_CONVERSION_INVALID = 2,
    /// ICU failed for another reason (`icu_error` holds the UErrorCode).
    CSVCHECK_CONVERSION_FAILED = -1,
} csvcheck_conversion_status;

/// What one `csvcheck_converter_convert` call did.
typedef struct csvcheck_conversion {
    /// See `csvcheck_conversion_status`.
    int32_t status;
    /// The UErrorCode when `status` is CSVCHECK_CONVERSION_FAILED, else 0.
    int32_t icu_error;
    /// Bytes of input consumed (the invalid sequence included).
    size_t consumed;
    /// Bytes of UTF-8 written to the output buffer.
    size_t produced;
    /// Offset of the invalid sequence relative to this call's input. Negative when the
    /// sequence began in an earlier call (its first bytes were buffered by the converter).
    int64_t invalid_offset;
    /// Length of the invalid sequence in bytes (at least 1 when `status` is INVALID).
    int32_t invalid_length;
} csvcheck_conversion;

/// Opens a converter from `charset` (any name or alias ICU knows) to UTF-8 with ICU's STOP
/// callback. Returns NULL when ICU does not know the charset or memory runs out.
csvcheck_converter *_Nullable csvcheck_converter_open(const char *_Nonnull charset);

/// Closes a converter opened by `csvcheck_converter_open`. NULL is ignored.
void csvcheck_converter_close(csvcheck_converter *_Nullable converter);

/// Forgets any partial sequence and shift state, as if no input had been seen.
void csvcheck_converter_reset(csvcheck_converter *_Nonnull converter);

/// Converts `input` to UTF-8 into `output`, stopping at the first invalid sequence, when the
/// output is full or when the input is consumed. A sequence cut by the end of `input` is kept
/// inside the converter unless `flush` is non-zero (pass it with the last chunk only), in which
/// case it is reported as invalid. `output_capacity` must be at least 4 for progress.
csvcheck_conversion csvcheck_converter_convert(csvcheck_converter *_Nonnull converter,
                                               const uint8_t *_Nullable input, size_t input_count,
                                               uint8_t *_Nonnull output, size_t output_capacity,
                                               int flush);

// MARK: NFC (unorm2), over UTF-16

/// ICU's NFC quick check: 1 yes, 0 no, 2 maybe, -1 error.
int32_t csvcheck_nfc_quick_check(const uint16_t *_Nullable text, int32_t length);

/// Whether the UTF-16 text is in NFC (a full check): 1 yes, 0 no, -1 error.
int32_t csvcheck_nfc_is_normalized(const uint16_t *_Nullable text, int32_t length);

/// Writes the NFC form of the UTF-16 `text` into `destination` and returns its length in code
/// units. When that length exceeds `capacity`, nothing useful is written: call again with a
/// buffer of the returned length. Returns -1 on any other ICU error.
int32_t csvcheck_nfc_normalize(const uint16_t *_Nullable text, int32_t length,
                               uint16_t *_Nullable destination, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
