import CSVCore
import Testing

@testable import CSVCheck

/// The short way of the order-free pass (``SpanScan`` and ``BuiltInRules/precompute``) against
/// the general way it replaces (``BuiltInRules/precomputeInDetail``), on seeded random rows of
/// every built-in profile: printable values, values with suspect ends, doubled quotes, stray
/// quotes, text after a closing quote, line breaks, non-ASCII and control characters, missing
/// and extra fields, and layouts wider than 64 columns.
@Suite struct PrecomputeGlueTests {
    /// One random value, already written as CSV (quoted when it needs to be, or deliberately
    /// broken).
    private static func value(_ rng: inout SplitMix64, column: String) -> String {
        let domains = ["contoso.com", "fabrikam.onmicrosoft.com", "example.org", "contoso.mail.onmicrosoft.com"]
        let names = ["jo", "victoria.griffin3901", "a.b-c/d", "x", "very.long.local.part.name.for.testing.purposes"]
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func plain(_ text: String) -> String {
            text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") ? quoted(text) : text
        }
        let pick = rng.next() % 40
        switch pick {
        case 0: return ""
        case 1: return " " + names[Int(rng.next() % 5)] + "@contoso.com"
        case 2: return names[Int(rng.next() % 5)] + "@contoso.com "
        case 3: return ["=1+2", "+x", "-x", "@x", " x", "x ", "=", "-", " "][Int(rng.next() % 9)]
        case 4: return plain("caf\u{E9}" + (rng.next() % 2 == 0 ? "" : "\u{200B}"))
        case 5: return plain("a\tb")
        case 6: return quoted("line\nbreak")
        case 7: return "ab\"c"
        case 8: return "\"ab\"c"
        case 9: return quoted("say \"hi\"" + (rng.next() % 2 == 0 ? " " : ""))
        case 10: return quoted("\"=x")
        case 11: return ["True", "False", "true", "yes", "1", " True"][Int(rng.next() % 6)]
        case 12: return "a\u{7F}b"
        case 13: return quoted("a,b")
        default:
            if column == "EmailAddress" || rng.next() % 3 == 0 {
                return names[Int(rng.next() % 5)] + String(rng.next() % 100) + "@" + domains[Int(rng.next() % 4)]
            }
            let length = 1 + Int(rng.next() % 20)
            let text = String(decoding: (0..<length).map { _ in UInt8(0x21 + rng.next() % 94) }, as: UTF8.self)
            return plain(text)
        }
    }

    /// The rows of one random file for `profile` (header first), and its header's names.
    private static func file(_ rng: inout SplitMix64, profile: Profile) -> (lines: [String], names: [String]) {
        var names = profile.columns.map(\.name)
        let extra = rng.next() % 8 == 0 ? 70 : Int(rng.next() % 3)
        for index in 0..<extra { names.append(index % 5 == 1 ? "Passwort\(index)" : "Extra\(index)") }
        var lines = [names.joined(separator: ",")]
        for _ in 0..<60 {
            var values = names.map { value(&rng, column: $0) }
            switch rng.next() % 12 {
            case 0: values.removeLast()
            case 1: values.append("surplus")
            default: break
            }
            lines.append(values.joined(separator: ","))
        }
        return (lines, names)
    }

    @Test(arguments: [Profile.staged, .imap, .onboarding, .google])
    func shortWayMatchesDetail(profile: Profile) {
        var rng = SplitMix64(seed: 0x61_6C75_65 &+ UInt64(profile.columns.count))
        var compared = 0
        var shortWay = 0
        var withFindings = 0
        for _ in 0..<150 {
            let (lines, names) = Self.file(&rng, profile: profile)
            var options = CheckOptions()
            options.profile = profile
            let (columns, _) = HeaderResolver.resolve(names, profile: profile)
            let layout = ColumnLayout(columns: columns, names: names)
            let context = FileContext(path: "t.csv", options: options, columns: columns, fileIndex: 0, estimatedRows: 100)
            var fast = BuiltInRules(options: options)
            var general = BuiltInRules(options: options)
            fast.begin(context)
            general.begin(context)
            var fastFindings = Findings()
            var generalFindings = Findings()
            var header = true
            let bytes = Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
            var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
            let check: (Record) -> Void = { record in
                if header {
                    header = false
                    return
                }
                var fastResult = Precomputed()
                var generalResult = Precomputed()
                fast.precompute(record, layout: layout, headerCount: names.count, into: &fastResult, findings: &fastFindings)
                general.precomputeInDetail(
                    record, layout: layout, headerCount: names.count, into: &generalResult, findings: &generalFindings)
                let row = String(decoding: record.bytes, as: UTF8.self)
                #expect(fastResult.checked == generalResult.checked, "\(row)")
                #expect(fastResult.validUTF8 == generalResult.validUTF8, "\(row)")
                #expect(fastResult.hasSecretValue == generalResult.hasSecretValue, "\(row)")
                #expect(fastResult.quiet == generalResult.quiet, "\(row)")
                #expect(fastResult.addressHash == generalResult.addressHash, "\(row)")
                #expect(fastResult.passwordKey == generalResult.passwordKey, "\(row)")
                #expect(fastResult.itemStart == generalResult.itemStart, "\(row)")
                #expect(fastResult.itemCount == generalResult.itemCount, "\(row)")
                #expect(fastResult.textCount == generalResult.textCount, "\(row)")
                compared += 1
                if BuiltInRules.isPrintable(record, columns: layout.columns.count) { shortWay += 1 }
                if generalResult.itemCount > 0 { withFindings += 1 }
            }
            bytes.withUnsafeBytes { tokenizer.feed($0, check) }
            tokenizer.finish(check)
            #expect(fastFindings.items.count == generalFindings.items.count)
            #expect(fastFindings.messages == generalFindings.messages)
            for (a, b) in zip(fastFindings.items, generalFindings.items) {
                #expect(a.code == b.code && a.help == b.help, "\(a.code) / \(b.code)")
                #expect(a.field == b.field && a.scalarOffset == b.scalarOffset, "\(a.code)")
            }
        }
        #expect(compared == 150 * 60)
        #expect(shortWay > 100)
        #expect(withFindings > 1000)
    }

    /// ``SpanScan`` field by field against ``TextRule/hasSuspectEnds(_:)``, the record's
    /// printable test and the span flags, on random records of 1 to 64 fields.
    @Test func spanScanMatchesFieldByField() {
        var rng = SplitMix64(seed: 0x5CA9)
        var scanned = 0
        var suspects = 0
        for _ in 0..<4_000 {
            let count = 1 + Int(rng.next() % 64)
            let line = (0..<count).map { _ in Self.value(&rng, column: "") }.joined(separator: ",")
            var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
            let check: (Record) -> Void = { record in
                guard !record.isBlank, !record.isTruncated, record.fields.count <= 64, record.bytes.count >= 16 else { return }
                var nonEmpty: UInt64 = 0
                var suspect: UInt64 = 0
                var qualifies = TextRule.isPrintableASCII(record.bytes)
                for (index, span) in record.fields.enumerated() {
                    if span.problemAt >= 0 || span.flags.contains(.multiline) { qualifies = false }
                    let value = record.value(at: index)
                    guard !value.isEmpty else { continue }
                    nonEmpty |= 1 << UInt64(index)
                    if TextRule.hasSuspectEnds(value) { suspect |= 1 << UInt64(index) }
                }
                let scan = SpanScan(record)
                #expect((scan != nil) == qualifies, "\(String(decoding: record.bytes, as: UTF8.self))")
                if let scan {
                    #expect(scan.nonEmpty == nonEmpty, "\(String(decoding: record.bytes, as: UTF8.self))")
                    #expect(scan.suspect == suspect, "\(String(decoding: record.bytes, as: UTF8.self))")
                    scanned += 1
                    if suspect != 0 { suspects += 1 }
                }
            }
            Array((line + "\n").utf8).withUnsafeBytes { tokenizer.feed($0, check) }
            tokenizer.finish(check)
        }
        #expect(scanned > 100)
        #expect(suspects > 50)
    }
}
