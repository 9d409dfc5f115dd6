import CSVCheck
import CSVCore
import FuzzSupport

#if canImport(Glibc)
    import Glibc
#endif

// The whole check, rendered in every output format. Asserts no crash, and that no password
// value (as a CSV reader sees the Password column, 8 bytes or more) appears in any output,
// unless the same text is also outside the password fields of the file or is text every run
// prints. "The same text" ignores the quotes and punctuation a message puts around a value: a
// password `contoso.com'` is public when an address's domain is `sub.contoso.com`, as the
// message `'sub.contoso.com' is not one of the accepted domains` holds it.
//
// The first input byte picks the options (profile, SSO, unknown columns, record limit); the
// rest is the file.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheck(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    let control = raw[0]
    let bytes = Array(raw[1...])
    var options = CheckOptions()
    options.profile = control & 1 == 0 ? .staged : .imap
    options.singleSignOn = control & 2 != 0
    options.allowUnknownColumns = control & 4 != 0
    if control & 8 != 0 { options.maxRecordBytes = 48 }
    if control & 16 != 0 { options.acceptedDomains = ["contoso.com"] }

    let checker = Checker(options: options)
    let report = checker.check(bytes: bytes, name: "fuzz.csv")
    // A second file in the same run (DUP002 paths).
    let second = checker.check(bytes: bytes, name: "again.csv")
    let outputs = renderAll([report, second])

    var none: FuzzRandom? = nil
    let decoded = decode(bytes, random: &none)
    let (secrets, publicText) = passwords(inUTF8: decoded.utf8, maxRecordBytes: options.maxRecordBytes)
    for secret in secrets where secret.count >= 8 {
        let core = trimmingMessagePunctuation(secret)
        if contains(publicText, core) || contains(staticText, core) { continue }
        for (format, output) in outputs {
            for form in renderedForms(secret) where contains(output, form) {
                _ = output.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                fuzzFailure("a password appears in the \(format) output: \(String(decoding: secret, as: UTF8.self).debugDescription)")
            }
        }
    }
    return 0
}
