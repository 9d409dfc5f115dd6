#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The last message of one kind that depends on an address's domain alone (EML005, EML006),
/// and that domain. A file holds a few domains on many rows each: the next finding on the same
/// domain copies the message, rather than laying it out again (measured: the dirty 1M-row file
/// ran 0.90x with EML005's kept this way, `Benchmarks/ab.py`, 31 rounds, twice).
///
/// Kept in the rule, so each thread's copy of the rules has its own.
struct DomainMessage {
    private var domain: [UInt8] = []
    private var message: [UInt8] = []

    /// Reports `code` on `field` with the message `write` lays out for `domain`, copied from the
    /// last one when that was for the same domain.
    mutating func report(
        _ code: RuleCode, domain: UnsafeRawBufferPointer, help: String, field: Field, scalarOffset: Int,
        _ findings: inout Findings, message write: (inout MessageText) -> Void
    ) {
        if domain.count == self.domain.count, domain.count > 0,
            self.domain.withUnsafeBytes({ memcmp($0.baseAddress!, domain.baseAddress!, domain.count) == 0 })
        {
            message.withUnsafeBytes { findings.report(code, copyingBytes: $0, help: help, field: field, scalarOffset: scalarOffset) }
            return
        }
        findings.report(code, help: help, fieldIndex: field.index, scalarOffset: scalarOffset, message: write)
        guard let last = findings.items.last, case .text(let start, let count) = last.message else { return }
        // Into the arrays' own storage: with domains alternating row by row, new arrays were
        // two allocations a finding. (A domain that passed the checks has at most 253 bytes.)
        message.removeAll(keepingCapacity: true)
        message.append(contentsOf: findings.text[Int(start)..<(Int(start) + Int(count))])
        self.domain.removeAll(keepingCapacity: true)
        self.domain.append(contentsOf: domain)
    }
}
