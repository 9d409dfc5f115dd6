/// Matches a header row against a profile's columns (HDR001-HDR005).
struct HeaderResolver {
    struct Finding {
        var code: RuleCode
        var message: String
        var help: String?
        var field: Int?
    }

    /// Resolves `names` (the header values, as read) against `profile`.
    static func resolve(_ names: [String], profile: Profile) -> (columns: [ColumnSpec?], findings: [Finding]) {
        var columns: [ColumnSpec?] = []
        var findings: [Finding] = []
        var firstIndex: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            let trimmed = name.trimmingWhitespace
            if trimmed.isEmpty {
                findings.append(
                    Finding(
                        code: .badHeaderName, message: "column \(index + 1) of the header has no name",
                        help: "name the column or delete it; New-MigrationBatch rejects an empty column name",
                        field: index))
                columns.append(nil)
                continue
            }
            if trimmed != name {
                findings.append(
                    Finding(
                        code: .badHeaderName,
                        message: "header name '\(name.escapedForMessage)' has leading or trailing whitespace",
                        help: "write '\(trimmed)': Exchange does not trim header names, so it would not recognise the column",
                        field: index))
            }
            let key = trimmed.lowercased()
            if let previous = firstIndex[key] {
                findings.append(
                    Finding(
                        code: .duplicateColumn,
                        message: "column '\(trimmed)' appears twice (columns \(previous + 1) and \(index + 1))",
                        help: "keep one of the two columns", field: index))
                columns.append(nil)
                continue
            }
            firstIndex[key] = index
            if let column = profile.column(named: trimmed) {
                if column.name != trimmed {
                    findings.append(
                        Finding(
                            code: .headerCase,
                            message: "header '\(trimmed)' differs in case from the canonical name '\(column.name)'",
                            help: "write '\(column.name)'", field: index))
                }
                columns.append(column)
            } else {
                var help = "known columns for the \(profile.name) profile: "
                    + profile.columns.map(\.name).joined(separator: ", ")
                if let close = closest(to: trimmed, in: profile.columns.map(\.name)) {
                    help = "did you mean '\(close)'? " + help
                }
                findings.append(
                    Finding(
                        code: .unknownColumn,
                        message: "unknown column '\(trimmed.escapedForMessage)' for the \(profile.name) profile",
                        help: help, field: index))
                columns.append(nil)
            }
        }
        for required in profile.columns where required.isRequired {
            guard !columns.contains(where: { $0?.name == required.name }) else { continue }
            let candidates = names.enumerated().filter { columns[$0.offset] == nil }
            let near = candidates.first { closest(to: $0.element.trimmingWhitespace, in: [required.name]) != nil }
            var help = "add a column named '\(required.name)'"
            if let near {
                help = "rename '\(near.element.trimmingWhitespace.escapedForMessage)' to '\(required.name)'"
            }
            findings.append(
                Finding(
                    code: .missingColumn,
                    message: "required column '\(required.name)' is missing from the header",
                    help: help, field: near?.offset))
        }
        return (columns, findings)
    }

    /// The known name whose squeezed form (lowercase letters and digits only) is within a small
    /// edit distance of `name`'s, if any: "Email Address" and "E-mail address" give EmailAddress.
    static func closest(to name: String, in known: [String]) -> String? {
        let squeezed = squeeze(name)
        guard !squeezed.isEmpty else { return nil }
        var best: (String, Int)?
        for candidate in known {
            let target = squeeze(candidate)
            let distance = editDistance(Array(squeezed.utf8), Array(target.utf8))
            let allowed = max(1, target.count / 4)
            if distance <= allowed, best == nil || distance < best!.1 { best = (candidate, distance) }
            if target == "emailaddress", ["email", "mail", "smtpaddress", "primarysmtpaddress", "emailadres", "mailaddress", "emailadresse"].contains(squeezed) {
                return candidate
            }
        }
        return best?.0
    }

    private static func squeeze(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") })
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and no-break spaces.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\u{A0}" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// The string with control characters shown as escapes, for a one-line message.
    var escapedForMessage: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.count > 80 ? String(out.prefix(77)) + "..." : out
    }
}
