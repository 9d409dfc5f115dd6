import CSVCheck
import Foundation
import Testing

// Secrecy under fire: a few thousand random staged and imap files, with random passwords
// (quotes, commas, line breaks, spaces, non-ASCII) and randomly broken structure (extra and
// missing fields, stray and unterminated quotes, blank lines, odd quoting), checked and rendered
// in every output format. No password, nor any piece of 4 or more characters of it, may appear
// in the output, unless that piece also occurs in the row outside the password, or also appears
// when the same file is checked with the password's letters blotted out (so it is text the
// output holds anyway: a code, a message, a column name).
//
// The passwords come from the generator, not from a CSV reader: a password that broken quoting
// pushes into another column is still a password.

private struct GeneratedFile {
    var profile: Profile
    var bytes: [UInt8]
    /// The bytes with every password character blotted out (structure kept).
    var blotted: [UInt8]
    /// Each password with the text of its row outside the password, and whether the quoting
    /// is intact up to its row (after a stray quote, or a value that needed quotes and has none,
    /// no reader can tell which text is a password).
    var secrets: [(password: String, rowElsewhere: String, quotingIntact: Bool)]
}

private let passwordAlphabet: [Character] = Array(
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&*+-=?@^_~[]{}()<>;:/|.`'")
private let awkward: [Character] = [
    "\"", "\"", ",", ",", "\n", "\r\n", " ", "\t", "é", "ß", "中", "😀", "\u{A0}", "\u{200B}", "e\u{301}", "Ω", ";",
]
/// What a blotted password character becomes: not in any output text, not structural.
private let blot: Character = "\u{2591}"

private func randomPassword(_ random: inout SplitMix64) -> String {
    let length = Int.random(in: 1...24, using: &random)
    var text = ""
    for _ in 0..<length {
        if Int.random(in: 0..<5, using: &random) == 0 {
            text.append(awkward.randomElement(using: &random)!)
        } else {
            text.append(passwordAlphabet.randomElement(using: &random)!)
        }
    }
    return text
}

/// Whether a character keeps its meaning in the blotted copy (it shapes the CSV structure).
private func isStructural(_ c: Character) -> Bool {
    c == "\"" || c == "," || c == ";" || c == "\n" || c == "\r\n" || c == "\r" || c == " " || c == "\t"
}

private func generate(seed: UInt64) -> GeneratedFile {
    var random = SplitMix64(seed: seed)
    let imap = Bool.random(using: &random)
    let profile: Profile = imap ? .imap : .staged
    var columns = imap ? ["EmailAddress", "UserName", "Password"] : ["EmailAddress", "Password", "ForceChangePassword"]
    if Int.random(in: 0..<4, using: &random) == 0 { columns.shuffle(using: &random) }
    let passwordColumn = columns.firstIndex(of: "Password")!
    let lineEnd = Bool.random(using: &random) ? "\r\n" : "\n"

    var text = ""
    var blotted = ""
    var secrets: [(password: String, rowElsewhere: String, quotingIntact: Bool)] = []
    var quotingIntact = true
    func append(_ s: String, blot b: String? = nil) {
        text += s
        blotted += b ?? s
    }
    append(columns.joined(separator: ",") + lineEnd)
    let rows = Int.random(in: 1...6, using: &random)
    for index in 0..<rows {
        let password = randomPassword(&random)
        let blottedPassword = String(password.map { isStructural($0) ? $0 : blot })
        var fields: [String] = columns.map { name in
            switch name {
            case "EmailAddress": return ["user\(index)@contoso.com", " u\(index)@fabrikam.com", "user\(index).contoso.com", ""][
                Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 1..<4, using: &random) : 0]
            case "UserName": return "CONTOSO\\user\(index)"
            case "ForceChangePassword": return ["True", "False", "WAAR", " yes"].randomElement(using: &random)!
            default: return password
            }
        }
        // Encode each field: quoted when needed (sometimes not, breaking the structure).
        var encoded: [(String, String)] = fields.enumerated().map { column, value in
            let isPassword = column == passwordColumn
            let shown = isPassword ? blottedPassword : value
            let needs = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            let quote = needs ? Int.random(in: 0..<8, using: &random) != 0 : Int.random(in: 0..<8, using: &random) == 0
            if needs && !quote { quotingIntact = false }
            guard quote else { return (value, shown) }
            return (
                "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"",
                "\"" + shown.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            )
        }
        // Break the row now and then.
        switch Int.random(in: 0..<12, using: &random) {
        case 0: encoded.append(("extra", "extra"))
        case 1: encoded.removeLast()
        case 2:
            quotingIntact = false
            let at = Int.random(in: 0..<encoded.count, using: &random)
            encoded[at].0 += "\""
            encoded[at].1 += "\""
        case 3:
            quotingIntact = false
            let at = Int.random(in: 0..<encoded.count, using: &random)
            encoded[at].0 = "\"" + encoded[at].0
            encoded[at].1 = "\"" + encoded[at].1
        case 4: append(lineEnd)
        case 5: encoded.insert(("", ""), at: Int.random(in: 0...encoded.count, using: &random))
        default: break
        }
        fields = encoded.map(\.0)
        let line = fields.joined(separator: ",")
        append(line + lineEnd, blot: encoded.map(\.1).joined(separator: ",") + lineEnd)
        let elsewhere = fields.enumerated().filter { $0.offset != passwordColumn }.map(\.element).joined(separator: ",")
        secrets.append((password, elsewhere, quotingIntact))
    }
    return GeneratedFile(profile: profile, bytes: Array(text.utf8), blotted: Array(blotted.utf8), secrets: secrets)
}

/// Every output format of one check of `bytes`, concatenated.
private func outputs(_ bytes: [UInt8], profile: Profile) -> [(OutputFormat, String)] {
    var options = CheckOptions()
    options.profile = profile
    let report = Checker(options: options).check(bytes: bytes, name: "secret.csv")
    return OutputFormat.allCases.map { format in
        var sink = OutputSink.memory()
        var renderer = makeRenderer(format: format)
        renderer.render([report], to: &sink)
        return (format, sink.string)
    }
}

/// Whether `needle` occurs in `haystack` (as bytes, with Foundation's search: the test searches
/// a lot, and a debug build of a hand-written loop would be slow).
private func has(_ haystack: Data, _ needle: String) -> Bool {
    haystack.range(of: Data(needle.utf8)) != nil
}

/// The forms a piece takes in the outputs: as is, JSON-escaped and GitHub-escaped.
private func forms(_ piece: String) -> Set<String> {
    var json = ""
    for scalar in piece.unicodeScalars {
        switch scalar {
        case "\"": json += "\\\""
        case "\\": json += "\\\\"
        case "\n": json += "\\n"
        case "\r": json += "\\r"
        case "\t": json += "\\t"
        default: json.unicodeScalars.append(scalar)
        }
    }
    let github = piece.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
        .replacingOccurrences(of: "\n", with: "%0A")
    return [piece, json, github]
}

/// The pieces of `password` of 4 or more characters (by Unicode scalar, so a combining accent
/// counts), longest first; at most `longest` long.
private func pieces(of password: String, longest: Int = .max) -> [String] {
    let scalars = Array(password.unicodeScalars)
    guard scalars.count >= 4 else { return [] }
    var result: [String] = []
    for length in stride(from: min(scalars.count, longest), through: 4, by: -1) {
        for start in 0...(scalars.count - length) {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<(start + length)])
            result.append(String(piece))
        }
    }
    return result
}

@Suite("Secrecy properties")
struct SecrecyPropertyTests {
    static let seedsPerBatch = 500

    /// The leaks in the files of seeds `seeds`, for passwords whose quoting is intact (or not).
    static func leaks(seeds: Range<UInt64>, quotingIntact: Bool) -> [String] {
        var leaks: [String] = []
        for seed in seeds {
            let file = generate(seed: seed)
            guard file.secrets.contains(where: { $0.quotingIntact == quotingIntact }) else { continue }
            let real = outputs(file.bytes, profile: file.profile).map { ($0.0, Data($0.1.utf8)) }
            let control = Data(outputs(file.blotted, profile: file.profile).map(\.1).joined(separator: "\n").utf8)
            for (password, elsewhere, intact) in file.secrets where intact == quotingIntact {
                // A longer piece shows only if its 4-character pieces do: look at those first.
                let shown = pieces(of: password, longest: 4).contains { piece in
                    forms(piece).contains { form in real.contains { has($0.1, form) } }
                }
                guard shown else { continue }
                let row = Data(elsewhere.utf8)
                for piece in pieces(of: password) {
                    if has(row, piece) || has(control, piece) { continue }
                    // Pieces made only of spaces, quotes and delimiters are structure, not secret;
                    // line breaks do not count towards the 4 characters (JSON text escapes them
                    // and a piece like "ct\r\n" matches ordinary escaped text).
                    if piece.allSatisfy({ isStructural($0) }) { continue }
                    if piece.unicodeScalars.filter({ $0 != "\r" && $0 != "\n" }).count < 4 { continue }
                    if let (format, _) = real.first(where: { output in forms(piece).contains { has(output.1, $0) } }) {
                        leaks.append("seed \(seed) \(format): \(piece.debugDescription) of password \(password.debugDescription)")
                        break
                    }
                }
                if leaks.count > 20 { return leaks }
            }
        }
        return leaks
    }

    /// Passwords in rows whose quoting is intact (extra and missing fields, blank lines, empty
    /// fields, awkward characters all allowed): no piece shows, in any format.
    @Test(arguments: 0..<6)
    func noPasswordPieceInAnyOutput(batch: Int) {
        let start = UInt64(batch * Self.seedsPerBatch)
        let leaks = Self.leaks(seeds: start..<(start + UInt64(Self.seedsPerBatch)), quotingIntact: true)
        #expect(leaks.isEmpty, "\(leaks.count) leaks:\n\(leaks.joined(separator: "\n"))")
    }

    /// Known gap, narrowed to what no reader can see: a password that needs quotes and has none
    /// (a delimiter or a line break in it) in a row that also misses or has an extra field, so
    /// that the pieces line up with the header, and every row around has the header's field
    /// count. Rows cut by a line break next to a short row are handled (``RowTrust``: see
    /// RowTrustTests). In seeds 0..<4000, 14 of the 2,247 files with such a password show a
    /// piece (6 of the first 500 before the row-trust rule, 1 after). Reported on issue 7; the
    /// test fails, to say so, the day no piece shows.
    @Test func passwordsAfterBrokenQuotingAreKnownToShow() {
        let leaks = Self.leaks(seeds: 0..<UInt64(Self.seedsPerBatch), quotingIntact: false)
        withKnownIssue("passwords shifted by broken quoting show in excerpts and messages") {
            #expect(leaks.isEmpty, "\(leaks.count) leaks:\n\(leaks.joined(separator: "\n"))")
        }
    }

    /// The generator itself: it makes broken files and passwords with every awkward character.
    @Test func generatorCoversTheAwkwardCases() {
        var sawQuote = false, sawBreak = false, sawUnicode = false, sawBrokenRow = false
        for seed in 0..<UInt64(500) {
            let file = generate(seed: seed)
            for (password, _, _) in file.secrets {
                sawQuote = sawQuote || password.contains("\"")
                sawBreak = sawBreak || password.contains("\n") || password.contains("\r\n")
                sawUnicode = sawUnicode || password.unicodeScalars.contains { $0.value > 0x7F }
            }
            let text = String(decoding: file.bytes, as: UTF8.self)
            sawBrokenRow = sawBrokenRow || text.contains(",extra")
        }
        #expect(sawQuote && sawBreak && sawUnicode && sawBrokenRow)
    }
}
