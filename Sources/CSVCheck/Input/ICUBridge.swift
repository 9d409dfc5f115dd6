import CICUShim

// The only Swift file that calls the CICUShim C functions (ICU itself is reached only from
// CICUShim/csvcheck_icu.c). Everything here is internal.

/// ICU's libraries, which CICUShim opens on first use (Sources/CICUShim/icu_entry_points.h):
/// a run that never needs ICU never loads them.
enum ICULibrary {
    /// Whether they could be opened and have every function used (opens them if need be).
    /// When they cannot, ICU knows no charset: detection falls back to windows-1252, a text
    /// that only ICU could check for NFC passes as NFC.
    static var isAvailable: Bool { csvcheck_icu_available() == 1 }
}

/// Charset detection and charset facts from ICU.
enum ICUCharset {
    /// ICU's best match for `sample` other than UTF-16/UTF-32, whatever its confidence.
    static func detect(_ sample: UnsafeRawBufferPointer) -> (name: String, confidence: Int)? {
        let capacity = 64
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { name in
            let confidence = csvcheck_detect_charset(
                sample.baseAddress?.assumingMemoryBound(to: UInt8.self), sample.count,
                name.baseAddress!, capacity)
            guard confidence >= 0 else { return nil }
            return (String(cString: name.baseAddress!), Int(confidence))
        }
    }

    /// The largest number of bytes per character of a charset, or `nil` when ICU does not
    /// know it.
    static func maxCharSize(_ name: String) -> Int? {
        let size = csvcheck_charset_max_char_size(name)
        return size > 0 ? Int(size) : nil
    }
}

/// An ICU converter from a legacy charset to UTF-8, owned by this object (closed on deinit).
final class ICUConverter {
    private let handle: OpaquePointer

    /// What one conversion step did.
    enum Step {
        /// All input consumed.
        case done(consumed: Int, produced: Int)
        /// The output is full: give more room.
        case outputFull(consumed: Int, produced: Int)
        /// An invalid sequence at `offset` (relative to the step's input; negative when it began
        /// in an earlier step) of `length` bytes, consumed.
        case invalid(consumed: Int, produced: Int, offset: Int, length: Int)
        /// ICU failed with the given UErrorCode.
        case failed(consumed: Int, produced: Int, code: Int32)
    }

    /// Opens a converter for `charset`, or returns `nil` when ICU does not know it.
    init?(charset: String) {
        guard let handle = csvcheck_converter_open(charset) else { return nil }
        self.handle = handle
    }

    deinit { csvcheck_converter_close(handle) }

    /// Converts from `input` into `output` until the input is consumed, the output is full or an
    /// invalid sequence is found.
    func convert(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, flush: Bool
    ) -> Step {
        let result = csvcheck_converter_convert(
            handle, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count,
            output.baseAddress!.assumingMemoryBound(to: UInt8.self), output.count, flush ? 1 : 0)
        let consumed = Int(result.consumed)
        let produced = Int(result.produced)
        switch result.status {
        case CSVCHECK_CONVERSION_DONE.rawValue:
            return .done(consumed: consumed, produced: produced)
        case CSVCHECK_CONVERSION_OUTPUT_FULL.rawValue:
            return .outputFull(consumed: consumed, produced: produced)
        case CSVCHECK_CONVERSION_INVALID.rawValue:
            return .invalid(
                consumed: consumed, produced: produced, offset: Int(result.invalid_offset),
                length: Int(result.invalid_length))
        default:
            return .failed(consumed: consumed, produced: produced, code: result.icu_error)
        }
    }
}

/// ICU's NFC normalizer over UTF-16.
enum ICUNormalizer {
    /// Whether the UTF-16 text is NFC (ICU's full check; `nil` when ICU fails).
    static func isNormalized(_ utf16: UnsafeBufferPointer<UInt16>) -> Bool? {
        switch csvcheck_nfc_is_normalized(utf16.baseAddress, Int32(clamping: utf16.count)) {
        case 1: true
        case 0: false
        default: nil
        }
    }

    /// The NFC form of the UTF-16 text (`nil` when ICU fails).
    static func normalize(_ utf16: UnsafeBufferPointer<UInt16>) -> [UInt16]? {
        let length = Int32(clamping: utf16.count)
        var capacity = Int(length) + Int(length) / 2 + 16
        while true {
            var needed: Int32 = 0
            let result = [UInt16](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                needed = csvcheck_nfc_normalize(
                    utf16.baseAddress, length, buffer.baseAddress, Int32(clamping: capacity))
                initialized = needed >= 0 && Int(needed) <= capacity ? Int(needed) : 0
            }
            if needed < 0 { return nil }
            if Int(needed) <= capacity { return result }
            capacity = Int(needed)
        }
    }
}
