import Foundation
import Testing

@testable import CSVCheck

// The YAML subset `.csvcheck.yml` is read with: every accepted document read as PyYAML's
// BaseLoader reads it (an independent parser; it keeps every scalar a string, as ours does),
// every refused one refused with the line of the problem, and the scalar readings.

/// Documents both parsers accept; PyYAML gives the expected tree.
private let acceptedDocuments: [String] = [
    "",
    "# only a comment\n",
    "profile: staged\n",
    "profile: staged\r\nsso: true\r\n",
    "\u{FEFF}profile: imap\n",
    "---\nprofile: google # the Workspace profile\n...\n",
    "%YAML 1.2\n---\nstrict: yes\n",
    "sso:\nstrict: false\n",
    "domains: [contoso.com, fabrikam.com]\n",
    "domains: [contoso.com, \"fabrikam.com\", 'northwind.com', ]\n",
    "domains:\n  - contoso.com\n  - fabrikam.com # second\n",
    "domains:\n- contoso.com\n- 'o''neill.com'\nstrict: true\n",
    "domains:\n  -\n  - x\n",
    "domains: [\n  contoso.com,   # the first\n  fabrikam.com\n]\nstrict: true\n",
    "domains: []\nrules: {}\n",
    "rules:\n  PWD005: error\n  SEC001: off\n\n  # a comment between entries\n  HDR005: warning\n",
    "rules: {PWD005: error, SEC001: off}\n",
    "rules: {PWD005: error,\n  SEC001: }\n",
    "rules:\n    PWD005: error\nmax-rows: 500\n",
    "\"quoted key\": 'single'\n'other key': \"double \\\"escaped\\\" \\u00e9\\x41\\t!\"\n",
    "banned-passwords: lists/banned words.txt\n",
    "url: http://example.com/a#b\n",
    "nested: [[a, b], {c: d}, e]\n",
    "a: [x, \"a,b\", 'c]d']\n",
    "  indented: 1\n  second: 2\n",
    "- a\n- b\n",
    "just text\n",
    "a: x#not a comment\n",
    "domains: [\n  \"a]b\",\n  'c # d',\n  e\n]\nstrict: true\n",
    "a: [it's, b]\nc: {d: [e,\n  f]}\n",
    "a: [\"x\n  y\", z]\n",
]

/// Documents both parsers refuse, with the line ours names and a word of its message.
private let refusedDocuments: [(yaml: String, line: Int, says: String)] = [
    ("profile: [unclosed\n", 1, "never closed"),
    ("a: 1\nb: {c: d\n\n", 2, "never closed"),
    ("a: b: c\n", 1, "quote the value"),
    ("a: 1\n\tb: 2\n", 2, "tab"),
    ("a: 1\n  b: 2\n", 2, "indented more"),
    ("a:\n  b: 1\n c: 2\n", 3, "indented"),
    ("a: \"never\n", 1, "never closed"),
    ("a: 'never\n", 1, "never closed"),
    ("a: [x] y\n", 1, "after the closing bracket"),
    ("a: \"x\" y\n", 1, "after the closing quote"),
    ("a: [x y: z: w]\n", 1, "expected ','"),
    ("a: 1\n---\nb: 2\n", 2, "second document"),
    ("a: \"\\q\"\n", 1, "escape"),
    ("a: 1\nb\n", 2, "name: value"),
    ("a: @x\n", 1, "quoted"),
    ("a: *x\n", 1, "anchors"),
]

@Suite("YAML subset (.csvcheck.yml)")
struct YAMLSubsetTests {
    @Test(.enabled(if: pyyamlAvailable, "PyYAML is not installed (CI installs it)"))
    func acceptedDocumentsReadAsPyYAMLReadsThem() throws {
        let expected = try #require(try pyyamlTrees(acceptedDocuments))
        for (document, tree) in zip(acceptedDocuments, expected) {
            let ours = try YAMLSubset.parse(document)
            #expect(tree is NSNull ? ours == nil : matches(ours, tree), "\(document.debugDescription)")
        }
    }

    @Test(.enabled(if: pyyamlAvailable, "PyYAML is not installed (CI installs it)"))
    func refusedDocumentsAreRefusedByPyYAMLToo() throws {
        let expected = try #require(try pyyamlTrees(refusedDocuments.map(\.yaml)))
        for (refused, tree) in zip(refusedDocuments, expected) {
            #expect((tree as? [String: Any])?["error"] != nil, "\(refused.yaml.debugDescription)")
        }
    }

    @Test(arguments: refusedDocuments.indices)
    func refusedDocumentNamesItsLine(_ index: Int) {
        let (yaml, line, says) = refusedDocuments[index]
        do {
            let tree = try YAMLSubset.parse(yaml)
            Issue.record("read \(yaml.debugDescription) as \(String(describing: tree))")
        } catch {
            #expect(error.line == line, "\(yaml.debugDescription): \(error)")
            #expect(error.message.contains(says), "\(yaml.debugDescription): \(error)")
        }
    }

    /// Nesting is bounded (the readers recurse), in blocks and in flows, and a file of many
    /// flow values is read line by line, each once.
    @Test func deepAndLongDocumentsAreBounded() throws {
        var deep = ""
        for level in 0..<1_000 { deep += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(throws: YAMLError(line: 33, message: "lists and mappings nested too deeply")) {
            try YAMLSubset.parse(deep)
        }
        let brackets = "a: " + String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000) + "\n"
        #expect(throws: YAMLError(line: 1, message: "lists and mappings nested too deeply")) {
            try YAMLSubset.parse(brackets)
        }
        var nested = ""
        for level in 0..<32 { nested += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(try YAMLSubset.parse(nested)?.mapping?.first?.key.string == "k0", "32 levels are read")

        var long = ""
        for row in 0..<20_000 { long += "k\(row): [a\(row),\n  b]\n" }
        let pairs = try #require(try YAMLSubset.parse(long)?.mapping)
        #expect(pairs.count == 20_000)
        #expect(pairs.last?.key.line == 39_999)
        #expect(pairs.last?.value.sequence?.map(\.string) == ["a19999", "b"])
    }

    @Test func treeByHand() throws {
        let root = try #require(try YAMLSubset.parse("domains:\n- a.com\n- 'b.com'\nrules: {X: off}\nsso:\n"))
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.string } == ["domains", "rules", "sso"])
        #expect(pairs.map(\.key.line) == [1, 4, 5])
        #expect(pairs[0].value.sequence?.map(\.string) == ["a.com", "b.com"])
        #expect(pairs[0].value.sequence?.map(\.line) == [2, 3])
        #expect(pairs[1].value.mapping?.first?.value.string == "off")
        guard case .null = pairs[2].value.content else {
            Issue.record("sso: with nothing under it is \(pairs[2].value.content)")
            return
        }
    }

    @Test(arguments: [
        ("true", true as Bool?), ("True", true), ("yes", true), ("ON", true), ("false", false), ("No", false),
        ("off", false), ("sometimes", nil), ("1", nil), ("", nil),
    ])
    func booleans(_ text: String, _ expected: Bool?) {
        #expect(YAMLNode(content: .scalar(text), line: 1).bool == expected)
    }

    @Test(arguments: [
        ("500", 500 as Int?), ("+7", 7), ("-3", -3), ("10_000", 10_000), ("0", 0), ("9223372036854775807", .max),
        ("-9223372036854775808", .min), ("9223372036854775808", nil), ("_1", nil), ("1_", nil), ("1.5", nil),
        ("0x10", nil), ("many", nil), ("", nil), ("-", nil),
    ])
    func integers(_ text: String, _ expected: Int?) {
        #expect(YAMLNode(content: .scalar(text), line: 1).int == expected)
    }
}

/// Whether our node reads as PyYAML's BaseLoader tree (strings, lists, dictionaries; an empty
/// value is an empty string there).
private func matches(_ node: YAMLNode?, _ tree: Any) -> Bool {
    guard let node else { return tree is NSNull }
    switch node.content {
    case .null: return (tree as? String) == ""
    case .scalar(let text): return (tree as? String) == text
    case .sequence(let items):
        guard let list = tree as? [Any], list.count == items.count else { return false }
        return zip(items, list).allSatisfy { matches($0, $1) }
    case .mapping(let pairs):
        guard let dictionary = tree as? [String: Any], dictionary.count == pairs.count else { return false }
        return pairs.allSatisfy { pair in
            guard let key = pair.key.string, let value = dictionary[key] else { return false }
            return matches(pair.value, value)
        }
    }
}

/// Whether `python3` can import PyYAML, the oracle of the tests above.
private let pyyamlAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import yaml"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

/// PyYAML's BaseLoader reading of each document (`{"error": ...}` when it refuses one); nil
/// when Python or PyYAML is missing.
private func pyyamlTrees(_ documents: [String]) throws -> [Any]? {
    let script = """
        import json, sys
        try:
            import yaml
        except ImportError:
            sys.exit(3)
        out = []
        for text in json.load(sys.stdin):
            try:
                out.append(yaml.load(text, Loader=yaml.BaseLoader))
            except yaml.YAMLError as error:
                out.append({"error": type(error).__name__})
        sys.stdout.write(json.dumps(out))
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: documents))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let trees = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? [Any]
    #expect(trees?.count == documents.count)
    return trees
}
