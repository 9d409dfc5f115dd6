import CSVCheck
import FuzzSupport

// The configuration reader (`.csvcheck.yml`: csvcheck's own YAML subset reader and the
// settings it feeds): any text is read or refused, never a crash or a hang, and an error names
// a line of the text.
//
// The first input byte is ignored (scripts/fuzz.sh seeds every target behind control bytes);
// the rest is the file.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    do {
        // A path in a folder that does not exist: `banned-passwords` never reads a real file.
        let configuration = try Configuration.parse(text, path: "/nonexistent-csvcheck-fuzz/.csvcheck.yml")
        var options = CheckOptions()
        configuration.apply(to: &options)
        if let maxRows = configuration.maxRows, maxRows <= 0 { fuzzFailure("max-rows \(maxRows) was accepted") }
    } catch {
        if let line = error.line, line < 1 || line > lines {
            fuzzFailure("an error names line \(line) of a text of \(lines) lines: \(error)")
        }
    }
    return 0
}
