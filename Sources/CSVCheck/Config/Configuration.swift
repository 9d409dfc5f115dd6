#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `.csvcheck.yml` file: the same settings as the command-line flags, plus per-rule levels and
/// a banned-password list.
///
/// ```yaml
/// profile: staged
/// sso: false
/// domains: [contoso.com, fabrikam.com]
/// allow-unknown-columns: false
/// max-rows: 2000
/// strict: false
/// banned-passwords: banned.txt      # one term a line, relative to this file
/// rules:
///   PWD005: error
///   SEC001: off
/// ```
///
/// An unknown key or a bad value is an error that names the key and its line: a typo must not
/// silently turn a check off.
public struct Configuration: Sendable, Equatable {
    /// `profile`.
    public var profile: Profile?
    /// `sso`.
    public var singleSignOn: Bool?
    /// `domains`.
    public var domains: [String]?
    /// `allow-unknown-columns`.
    public var allowUnknownColumns: Bool?
    /// `max-rows`.
    public var maxRows: Int?
    /// `strict`: warnings fail the run.
    public var strict: Bool?
    /// `max-record-bytes`: the CSV009 safety limit.
    public var maxRecordBytes: Int?
    /// `rules`: levels by code.
    public var levels: [RuleCode: RuleLevel] = [:]
    /// Terms read from the `banned-passwords` file.
    public var bannedPasswords: [String] = []

    /// The file name looked for.
    public static let fileName = ".csvcheck.yml"

    /// Creates an empty configuration.
    public init() {}

    /// The nearest `.csvcheck.yml` in `directory` or a folder above it.
    ///
    /// A relative `directory` is taken from the current folder; `.`, `..` and repeated slashes
    /// are resolved by their spelling (symbolic links are not followed), so every spelling of a
    /// folder gives the same path.
    public static func find(from directory: String) -> String? {
        guard var components = FilePath.components(ofAbsolute: directory) else { return nil }
        while true {
            let candidate = FilePath.join(components + [fileName])
            if access(candidate, R_OK) == 0 { return candidate }
            if components.isEmpty { return nil }
            components.removeLast()
        }
    }

    /// Reads and validates a configuration file.
    ///
    /// - Throws: ``ConfigurationError`` naming the file, the key and its line.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        guard let bytes = FilePath.contents(of: path, limit: maximumConfigurationBytes) else {
            throw ConfigurationError(
                path: path, line: nil, message: "cannot read the file (or it is over \(maximumConfigurationBytes) bytes)")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses configuration text; `path` names it in errors and anchors `banned-passwords`.
    public static func parse(_ text: String, path: String) throws(ConfigurationError) -> Configuration {
        let root: YAMLNode?
        do {
            root = try YAMLSubset.parse(text)
        } catch {
            throw ConfigurationError(path: path, line: error.line, message: "not valid YAML: \(error.message)")
        }
        var configuration = Configuration()
        guard let root else { return configuration }
        guard let mapping = root.mapping else {
            throw ConfigurationError(path: path, line: root.line, message: "the file must be a mapping of settings")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let at = keyNode.line
            func fail(_ message: String) -> ConfigurationError {
                ConfigurationError(path: path, line: at, message: "'\(key)': \(message)")
            }
            switch key {
            case "profile":
                guard let name = value.string, let profile = Profile.named(name) else {
                    throw fail("must be staged, imap, onboarding or google")
                }
                configuration.profile = profile
            case "sso":
                guard let flag = value.bool else { throw fail("must be true or false") }
                configuration.singleSignOn = flag
            case "allow-unknown-columns":
                guard let flag = value.bool else { throw fail("must be true or false") }
                configuration.allowUnknownColumns = flag
            case "strict":
                guard let flag = value.bool else { throw fail("must be true or false") }
                configuration.strict = flag
            case "max-rows":
                guard let number = value.int, number > 0 else { throw fail("must be a whole number above 0") }
                configuration.maxRows = number
            case "max-record-bytes":
                guard let number = value.int, number >= 1024 else { throw fail("must be a whole number of at least 1024") }
                configuration.maxRecordBytes = number
            case "domains":
                guard let items = value.sequence, let domains = Optional(items.compactMap(\.string)),
                    domains.count == items.count
                else { throw fail("must be a list of domain names") }
                configuration.domains = domains
            case "rules":
                guard let rules = value.mapping else { throw fail("must map rule codes to error, warning or off") }
                for (codeNode, levelNode) in rules {
                    let code = RuleCode(codeNode.string ?? "")
                    let ruleLine = codeNode.line
                    guard RuleCatalogue.descriptor(for: code) != nil else {
                        throw ConfigurationError(
                            path: path, line: ruleLine, message: "'rules': unknown rule code '\(code.rawValue)'")
                    }
                    guard let word = levelNode.string, let level = RuleLevel(rawValue: word.lowercased()) else {
                        throw ConfigurationError(
                            path: path, line: ruleLine, message: "'rules.\(code.rawValue)': must be error, warning or off")
                    }
                    configuration.levels[code] = level
                }
            case "banned-passwords":
                guard let file = value.string else { throw fail("must be the path of a text file") }
                let full = file.hasPrefix("/") ? file : AtomicFile.split(path).folder + file
                guard let bytes = FilePath.contents(of: full, limit: maximumBannedBytes) else {
                    throw fail("cannot read '\(file)' (or it is over \(maximumBannedBytes) bytes)")
                }
                configuration.bannedPasswords = String(decoding: bytes, as: UTF8.self)
                    .split(whereSeparator: \.isNewline)
                    .map { String($0).trimmingWhitespace }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            default:
                throw fail("unknown setting; known: profile, sso, domains, allow-unknown-columns, max-rows, strict, max-record-bytes, banned-passwords, rules")
            }
        }
        return configuration
    }

    /// The largest configuration file read: a dozen settings take a few hundred bytes, and the
    /// YAML reader's memory grows with the lines.
    static let maximumConfigurationBytes = 1 << 20

    /// The largest banned-password file read (a list of 100,000 terms is about 1 MB).
    static let maximumBannedBytes = 16 << 20

    /// Copies the settings this file sets into `options` (flags are applied afterwards).
    public func apply(to options: inout CheckOptions) {
        if let profile { options.profile = profile }
        if let singleSignOn { options.singleSignOn = singleSignOn }
        if let domains { options.acceptedDomains = domains }
        if let allowUnknownColumns { options.allowUnknownColumns = allowUnknownColumns }
        if let maxRows { options.maxRows = maxRows }
        if let maxRecordBytes { options.maxRecordBytes = maxRecordBytes }
        for (code, level) in levels { options.levels[code] = level }
        options.bannedPasswords += bannedPasswords
    }
}

/// A configuration file that cannot be used: the run stops with exit status 2.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The 1-based line of the offending key, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// `path:line: message`.
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
