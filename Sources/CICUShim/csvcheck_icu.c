// csvcheck_icu.c: the only file that calls ICU (through icu_entry_points.h, the only header
// that includes ICU's). See include/csvcheck_icu.h.
#include "csvcheck_icu.h"
#include "icu_entry_points.h"

#include <stdlib.h>
#include <string.h>

// MARK: Charset detection

int32_t csvcheck_detect_charset(const uint8_t *bytes, size_t count, char *name,
                                size_t nameCapacity) {
    if (nameCapacity > 0) {
        name[0] = '\0';
    }
    if (!csvcheck_icu_bind()) {
        return -1;
    }
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = CSVCHECK_ICU(ucsdet_open)(&status);
    if (U_FAILURE(status)) {
        return -1;
    }
    int32_t length = count > (size_t)INT32_MAX ? INT32_MAX : (int32_t)count;
    static const char empty[1] = {0};
    CSVCHECK_ICU(ucsdet_setText)(detector, bytes != NULL ? (const char *)bytes : empty, length, &status);
    int32_t matchCount = 0;
    const UCharsetMatch **matches = CSVCHECK_ICU(ucsdet_detectAll)(detector, &matchCount, &status);
    int32_t confidence = -1;
    if (U_SUCCESS(status)) {
        for (int32_t index = 0; index < matchCount; index++) {
            UErrorCode matchStatus = U_ZERO_ERROR;
            const char *matchName = CSVCHECK_ICU(ucsdet_getName)(matches[index], &matchStatus);
            if (U_FAILURE(matchStatus) || matchName == NULL) {
                continue;
            }
            if (strncmp(matchName, "UTF-16", 6) == 0 || strncmp(matchName, "UTF-32", 6) == 0) {
                continue;
            }
            int32_t matchConfidence = CSVCHECK_ICU(ucsdet_getConfidence)(matches[index], &matchStatus);
            if (U_FAILURE(matchStatus)) {
                continue;
            }
            if (nameCapacity > 0) {
                strncpy(name, matchName, nameCapacity - 1);
                name[nameCapacity - 1] = '\0';
            }
            confidence = matchConfidence;
            break;
        }
    }
    CSVCHECK_ICU(ucsdet_close)(detector);
    return confidence;
}

int32_t csvcheck_charset_max_char_size(const char *charset) {
    if (!csvcheck_icu_bind()) {
        return -1;
    }
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = CSVCHECK_ICU(ucnv_open)(charset, &status);
    if (U_FAILURE(status) || converter == NULL) {
        return -1;
    }
    int32_t size = CSVCHECK_ICU(ucnv_getMaxCharSize)(converter);
    CSVCHECK_ICU(ucnv_close)(converter);
    return size;
}

// MARK: Streaming conversion

enum { PIVOT_CAPACITY = 2048 };

struct csvcheck_converter {
    UConverter *converter;
    /// A lead surrogate whose trail is still inside ICU (the pivot was full between them).
    UChar pendingLead;
    UChar pivot[PIVOT_CAPACITY];
};

csvcheck_converter *csvcheck_converter_open(const char *charset) {
    if (!csvcheck_icu_bind()) {
        return NULL;
    }
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = CSVCHECK_ICU(ucnv_open)(charset, &status);
    if (U_FAILURE(status) || converter == NULL) {
        return NULL;
    }
    CSVCHECK_ICU(ucnv_setToUCallBack)(converter, CSVCHECK_ICU(UCNV_TO_U_CALLBACK_STOP), NULL, NULL, NULL, &status);
    if (U_FAILURE(status)) {
        CSVCHECK_ICU(ucnv_close)(converter);
        return NULL;
    }
    csvcheck_converter *handle = malloc(sizeof *handle);
    if (handle == NULL) {
        CSVCHECK_ICU(ucnv_close)(converter);
        return NULL;
    }
    handle->converter = converter;
    handle->pendingLead = 0;
    return handle;
}

void csvcheck_converter_close(csvcheck_converter *handle) {
    if (handle == NULL) {
        return;
    }
    CSVCHECK_ICU(ucnv_close)(handle->converter);
    free(handle);
}

void csvcheck_converter_reset(csvcheck_converter *handle) {
    CSVCHECK_ICU(ucnv_resetToUnicode)(handle->converter);
    handle->pendingLead = 0;
}

static uint8_t *put_scalar(uint8_t *out, uint32_t scalar) {
    if (scalar < 0x80) {
        *out++ = (uint8_t)scalar;
    } else if (scalar < 0x800) {
        *out++ = (uint8_t)(0xC0 | (scalar >> 6));
        *out++ = (uint8_t)(0x80 | (scalar & 0x3F));
    } else if (scalar < 0x10000) {
        *out++ = (uint8_t)(0xE0 | (scalar >> 12));
        *out++ = (uint8_t)(0x80 | ((scalar >> 6) & 0x3F));
        *out++ = (uint8_t)(0x80 | (scalar & 0x3F));
    } else {
        *out++ = (uint8_t)(0xF0 | (scalar >> 18));
        *out++ = (uint8_t)(0x80 | ((scalar >> 12) & 0x3F));
        *out++ = (uint8_t)(0x80 | ((scalar >> 6) & 0x3F));
        *out++ = (uint8_t)(0x80 | (scalar & 0x3F));
    }
    return out;
}

/// Encodes UTF-16 from the pivot as UTF-8. A lone surrogate (never produced by ICU's own
/// converters) becomes U+FFFD. At most 3 bytes per unit, plus 1 for a pending lead surrogate.
static uint8_t *encode_pivot(csvcheck_converter *handle, const UChar *unit, const UChar *limit,
                             uint8_t *out) {
    while (unit < limit) {
        UChar value = *unit++;
        if (handle->pendingLead != 0) {
            UChar lead = handle->pendingLead;
            handle->pendingLead = 0;
            if (U16_IS_TRAIL(value)) {
                out = put_scalar(out, U16_GET_SUPPLEMENTARY(lead, value));
                continue;
            }
            out = put_scalar(out, 0xFFFD);
        }
        if (value < 0x80) {
            *out++ = (uint8_t)value;
        } else if (U16_IS_LEAD(value)) {
            handle->pendingLead = value;
        } else if (U16_IS_TRAIL(value)) {
            out = put_scalar(out, 0xFFFD);
        } else {
            out = put_scalar(out, value);
        }
    }
    return out;
}

static int is_conversion_error(UErrorCode status) {
    return status == U_INVALID_CHAR_FOUND || status == U_ILLEGAL_CHAR_FOUND ||
           status == U_TRUNCATED_CHAR_FOUND || status == U_ILLEGAL_ESCAPE_SEQUENCE ||
           status == U_UNSUPPORTED_ESCAPE_SEQUENCE;
}

csvcheck_conversion csvcheck_converter_convert(csvcheck_converter *handle, const uint8_t *input,
                                               size_t input_count, uint8_t *output,
                                               size_t output_capacity, int flush) {
    csvcheck_conversion result = {0};
    static const char empty[1] = {0};
    const char *start = input != NULL ? (const char *)input : empty;
    const char *source = start;
    const char *sourceLimit = start + input_count;
    uint8_t *target = output;
    uint8_t *targetLimit = output + output_capacity;
    for (;;) {
        size_t room = (size_t)(targetLimit - target);
        // 3 bytes per pivot unit at most, and 4 reserved for a pending lead's pair or its U+FFFD.
        size_t units = room >= 4 ? (room - 4) / 3 : 0;
        if (units > PIVOT_CAPACITY) {
            units = PIVOT_CAPACITY;
        }
        if (units == 0) {
            result.status = CSVCHECK_CONVERSION_OUTPUT_FULL;
            break;
        }
        UChar *pivot = handle->pivot;
        UErrorCode status = U_ZERO_ERROR;
        CSVCHECK_ICU(ucnv_toUnicode)(handle->converter, &pivot, handle->pivot + units, &source, sourceLimit,
                       NULL, (UBool)(flush != 0), &status);
        target = encode_pivot(handle, handle->pivot, pivot, target);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            continue;
        }
        if (is_conversion_error(status)) {
            char invalid[32];
            int8_t invalidLength = (int8_t)sizeof invalid;
            UErrorCode invalidStatus = U_ZERO_ERROR;
            CSVCHECK_ICU(ucnv_getInvalidChars)(handle->converter, invalid, &invalidLength, &invalidStatus);
            if (U_FAILURE(invalidStatus) || invalidLength < 1) {
                invalidLength = 1;
            }
            result.status = CSVCHECK_CONVERSION_INVALID;
            result.invalid_length = invalidLength;
            // Bytes ICU read past the bad sequence but will read again (its replay buffer, used
            // when the sequence began in an earlier call) lie after the sequence too.
            UErrorCode pendingStatus = U_ZERO_ERROR;
            int32_t replay = CSVCHECK_ICU(ucnv_toUCountPending)(handle->converter, &pendingStatus);
            if (U_FAILURE(pendingStatus) || replay < 0) {
                replay = 0;
            }
            result.invalid_offset = (int64_t)(source - start) - invalidLength - replay;
            break;
        }
        if (U_FAILURE(status)) {
            result.status = CSVCHECK_CONVERSION_FAILED;
            result.icu_error = (int32_t)status;
            break;
        }
        if (source == sourceLimit) {
            if (flush && handle->pendingLead != 0) {
                handle->pendingLead = 0;
                target = put_scalar(target, 0xFFFD);
            }
            result.status = CSVCHECK_CONVERSION_DONE;
            break;
        }
    }
    result.consumed = (size_t)(source - start);
    result.produced = (size_t)(target - output);
    return result;
}

// MARK: NFC

static const UNormalizer2 *nfc(void) {
    if (!csvcheck_icu_bind()) {
        return NULL;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = CSVCHECK_ICU(unorm2_getNFCInstance)(&status);
    return U_SUCCESS(status) ? normalizer : NULL;
}

int32_t csvcheck_nfc_quick_check(const uint16_t *text, int32_t length) {
    const UNormalizer2 *normalizer = nfc();
    if (normalizer == NULL) {
        return -1;
    }
    static const UChar empty[1] = {0};
    UErrorCode status = U_ZERO_ERROR;
    UNormalizationCheckResult check =
        CSVCHECK_ICU(unorm2_quickCheck)(normalizer, text != NULL ? (const UChar *)text : empty, length, &status);
    if (U_FAILURE(status)) {
        return -1;
    }
    switch (check) {
    case UNORM_YES:
        return 1;
    case UNORM_NO:
        return 0;
    default:
        return 2;
    }
}

int32_t csvcheck_nfc_is_normalized(const uint16_t *text, int32_t length) {
    const UNormalizer2 *normalizer = nfc();
    if (normalizer == NULL) {
        return -1;
    }
    static const UChar empty[1] = {0};
    UErrorCode status = U_ZERO_ERROR;
    UBool normalized = CSVCHECK_ICU(unorm2_isNormalized)(
        normalizer, text != NULL ? (const UChar *)text : empty, length, &status);
    if (U_FAILURE(status)) {
        return -1;
    }
    return normalized ? 1 : 0;
}

int32_t csvcheck_nfc_normalize(const uint16_t *text, int32_t length, uint16_t *destination,
                               int32_t capacity) {
    const UNormalizer2 *normalizer = nfc();
    if (normalizer == NULL) {
        return -1;
    }
    static const UChar empty[1] = {0};
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = CSVCHECK_ICU(unorm2_normalize)(normalizer, text != NULL ? (const UChar *)text : empty,
                                      length, (UChar *)destination, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) {
        return needed;
    }
    if (U_FAILURE(status)) {
        return -1;
    }
    return needed;
}
