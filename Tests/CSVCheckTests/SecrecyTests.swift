import CSVCheck
import Foundation
import Testing

// No password byte string ever appears in any output format. The passwords are read
// independently of csvcheck, with Python's csv module (after decoding the file by its BOM, as
// UTF-8, or as Windows-1252), from every fixture and from generated files made to push
// passwords into excerpts and messages: broken quoting, shifted fields, odd encodings.

/// A generated file, with the passwords it holds (some are hidden from a csv reader by the very
/// problem the file has, so they are listed here too).
private struct SecretFile: Sendable {
    var name: String
    var bytes: [UInt8]
    var passwords: [String]
}

private let p1 = "Qx7#mLp2vR!a"
private let p2 = "Zr4!kWq8nT#e"
private let p3 = "Hm3@vXp7sL!d"

private let generated: [SecretFile] = [
    SecretFile(
        name: "unterminated-quote-in-password.csv",
        bytes: Array(staged("a@contoso.com,\"\(p1),False", "b@contoso.com,\(p2),True").utf8), passwords: [p1, p2]),
    SecretFile(
        name: "stray-quote-in-password.csv", bytes: Array(staged("a@contoso.com,\(p1)\"x,False").utf8),
        passwords: [p1]),
    SecretFile(
        name: "extra-and-missing-fields.csv",
        bytes: Array(staged("a@contoso.com,\(p1),False,extra", "b@contoso.com,\(p2)").utf8), passwords: [p1, p2]),
    SecretFile(
        name: "whitespace-and-invisibles.csv",
        bytes: Array(
            staged(
                "a@contoso.com, \(p1),False", "b@contoso.com,\(p2)\u{A0},False", "c@contoso.com,\u{200B}\(p3),False",
                "d@contoso.com,\"Wb6%nR\nt2qZ!k\",False", "e@contoso.com,Tg5&y\tUi8oP#s,False"
            ).utf8), passwords: [p1, p2, p3, "Wb6%nR", "t2qZ!k", "Tg5&y", "Ui8oP#s"]),
    SecretFile(
        name: "formula-and-short-and-banned.csv",
        bytes: Array(
            staged("a@contoso.com,=\(p1),False", "b@contoso.com,Kx9#q,False", "c@contoso.com,Welkom01!Zt,False").utf8),
        passwords: ["=" + p1, "Kx9#q", "Welkom01!Zt"]),
    SecretFile(
        name: "shared-password.csv",
        bytes: Array(staged("a@contoso.com,\(p1),False", "b@contoso.com,\(p1),False").utf8), passwords: [p1]),
    SecretFile(
        name: "header-case-and-space.csv",
        bytes: Array(csv("emailaddress, password ,forcechangepassword", "a@contoso.com,\(p1),yes").utf8),
        passwords: [p1]),
    SecretFile(
        name: "semicolons.csv",
        bytes: Array("EmailAddress;Password;ForceChangePassword\r\na@contoso.com;\(p1);WAAR\r\nb;\(p2);x\r\n".utf8),
        passwords: [p1, p2]),
    SecretFile(
        name: "utf16le.csv",
        bytes: utf16WithBOM(staged("jörg@contoso.com,\(p1),WAAR", "b@contoso.com,\(p2)é,False"), bigEndian: false),
        passwords: [p1, p2 + "é"]),
    SecretFile(
        name: "windows-1252.csv",
        bytes: Array(staged("a@contoso.com,\(p1),False").utf8) + Array("ren".utf8) + [0xE9] + Array("@contoso.com,Zr4".utf8)
            + [0x80] + Array("kWq8nT#e,False\r\n".utf8),
        passwords: [p1, "Zr4€kWq8nT#e"]),
    SecretFile(
        name: "invalid-utf8-in-password.csv",
        bytes: [0xEF, 0xBB, 0xBF] + Array(staged("a@contoso.com,\(p1),False").utf8) + Array("b@contoso.com,Zr4!k".utf8)
            + [0xFF] + Array("Wq8nT#e,False\r\n".utf8),
        passwords: [p1, "Zr4!k", "Wq8nT#e"]),
    SecretFile(
        name: "imap.csv",
        bytes: Array(csv("EmailAddress,UserName,Password", "a@contoso.com,a, \(p1)", "b@contoso.com,,\(p2)").utf8),
        passwords: [p1, p2]),
]

/// Reads the Password column(s) of each file with Python's csv module; also returns every other
/// cell, so a password that also appears in a non-secret cell (and so may be shown) is skipped.
private func pythonPasswords(_ paths: [String]) throws -> [String: (passwords: [String], others: [String])] {
    let script = #"""
        import csv, io, json, sys
        out = {}
        for path in sys.argv[1:]:
            data = open(path, "rb").read()
            if data.startswith(b"\xef\xbb\xbf"): text = data[3:].decode("utf-8", "replace")
            elif data[:2] in (b"\xff\xfe", b"\xfe\xff"): text = data.decode("utf-16", "replace")
            else:
                try: text = data.decode("utf-8")
                except UnicodeDecodeError: text = data.decode("cp1252", "replace")
            lines = text.splitlines(True)
            while lines and (lines[0].startswith("#TYPE") or lines[0].lower().startswith("sep=")): lines.pop(0)
            body = "".join(lines)
            first = lines[0] if lines else ""
            delimiter = ","
            if first.count(";") > first.count(","): delimiter = ";"
            if first.count("\t") > max(first.count(","), first.count(";")): delimiter = "\t"
            rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
            passwords, others = [], []
            if rows:
                secret = [i for i, name in enumerate(rows[0]) if name.strip().lower() == "password"]
                for row in rows[1:]:
                    for i, value in enumerate(row):
                        (passwords if i in secret else others).append(value)
            out[path] = {"passwords": passwords, "others": others}
        print(json.dumps(out))
        """#
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + paths
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
        let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: [String]]]
    else { throw CocoaError(.featureUnsupported) }
    return object.mapValues { ($0["passwords"] ?? [], $0["others"] ?? []) }
}

/// The forms a password could take in output: as is, and JSON-escaped.
private func forms(_ password: String) -> [String] {
    let json = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "/", with: "\\/")
    return Array(Set([password, json]))
}

@Suite("Secrecy: no password in any output")
struct SecrecyTests {
    @Test func noPasswordInAnyFormat() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [(path: String, known: [String])] = []
        let fixtures = repositoryRoot.appendingPathComponent("Fixtures")
        for relative in allFixtures() {
            files.append((fixtures.appendingPathComponent(relative).path, []))
        }
        for file in generated {
            let path = try writeFile(file.bytes, named: file.name, in: directory, mode: 0o644)
            files.append((path, file.passwords))
        }
        #expect(files.count > generated.count, "the fixtures were found")
        let read = try pythonPasswords(files.map(\.path))
        var checkedPasswords = 0
        for file in files {
            let fromPython = read[file.path] ?? ([], [])
            let others = fromPython.others
            let passwords = Set(fromPython.passwords + file.known).filter { password in
                password.utf8.count >= 5 && !others.contains { $0.contains(password) }
                    && !["False", "True", "WAAR"].contains(password)
            }
            for profile in [Profile.staged, .imap] {
                for format in OutputFormat.allCases {
                    // Text every run of this format prints (SARIF embeds the catalogue and its
                    // examples): a password that happens to equal an example is not a leak.
                    var emptyRenderer = makeRenderer(format: format)
                    var emptyOut = OutputSink.memory()
                    emptyRenderer.render([], to: &emptyOut)
                    let baseline = emptyOut.string
                    let checkOptions = options(profile, sso: true, allowUnknown: true)
                    let report = try Checker(options: checkOptions).check(path: file.path)
                    var renderer = makeRenderer(format: format)
                    var out = OutputSink.memory()
                    renderer.render([report], to: &out)
                    let text = out.string
                    let isEmpty = text.isEmpty
                    #expect(!isEmpty)
                    for password in passwords where !baseline.contains(password) {
                        for form in forms(password) {
                            let leaked = text.contains(form)
                            #expect(
                                !leaked,
                                "password \(password.prefix(2))... of \(URL(fileURLWithPath: file.path).lastPathComponent) in \(format) output (\(profile.name))")
                        }
                    }
                }
            }
            checkedPasswords += passwords.count
        }
        #expect(checkedPasswords >= 20)
    }

    @Test
    func recordTooLargeExcerptMasksThePassword() throws {
        let long = p1 + String(repeating: "Nv5$", count: 80)
        var checkOptions = CheckOptions()
        checkOptions.maxRecordBytes = 256
        let report = Checker(options: checkOptions).check(
            bytes: Array(staged("a@contoso.com,\(long),False", "b@contoso.com,\(p2),False").utf8))
        #expect(report.diagnostics.map(Found.init).inFileOrder == [.error("CSV009", row: 1, line: 2, column: 1)])
        for format in OutputFormat.allCases {
            var renderer = makeRenderer(format: format)
            var out = OutputSink.memory()
            renderer.render([report], to: &out)
            let leaked = out.string.contains(p1)
            #expect(!leaked, "\(format)")
        }
    }

    @Test func excerptsMaskThePasswordAndKeepTheRest() throws {
        let report = checkReport(Array(staged("pilar.contoso.com,\(p1),WAAR").utf8))
        let excerpts = report.diagnostics.compactMap(\.excerpt)
        #expect(excerpts.count == 2)
        for excerpt in excerpts {
            #expect(excerpt == "pilar.contoso.com,********,WAAR")
        }
    }
}
