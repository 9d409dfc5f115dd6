import ArgumentParser
import CSVCheck

/// Parses the usual `check` command lines without ArgumentParser.
///
/// ArgumentParser's first parse of a command costs a few milliseconds of reflection, generic
/// metadata and protocol-conformance lookups, more than checking a 2,000-row file. So `main`
/// tries this parser first: it reads only the command lines it can read exactly as ArgumentParser
/// would, and returns `nil` for every other one, which ArgumentParser then parses (or rejects
/// with its usual message) as before.
///
/// Read here: an optional leading `check`; the long options of `check` with their value as the
/// next argument or after `=`; its flags; and file arguments that do not start with `-` (or are
/// exactly `-`, standard input), anywhere. Left to ArgumentParser: another subcommand or `help`
/// first, `--help`, `--version` and any other unknown or short option, `--`, an option or flag
/// given twice (except the repeatable `--domain`), a flag with `=`, a value that is missing,
/// empty, starts with `-` or is not valid for its option, an empty argument, and no file at all.
enum QuickCheckArguments {
    /// The settings for `arguments` (without the program name), or `nil` when ArgumentParser
    /// must parse them.
    static func parse(_ arguments: [String]) -> CheckSettings? {
        var rest = arguments[...]
        if let first = rest.first, isSubcommandName(first) {
            guard first == CheckCommand._commandName else { return nil }
            rest = rest.dropFirst()
        }
        var settings = CheckSettings()
        var seen: [Substring] = []
        while let argument = rest.popFirst() {
            if argument.isEmpty { return nil }
            if argument == "-" || !argument.hasPrefix("-") {
                settings.files.append(argument)
                continue
            }
            guard argument.hasPrefix("--") else { return nil }
            let equals = argument.firstIndex(of: "=")
            let name = argument[..<(equals ?? argument.endIndex)]
            if seen.contains(name) && name != "--domain" { return nil }
            seen.append(name)
            if let flag = flagSetter(name) {
                guard equals == nil else { return nil }
                flag(&settings)
                continue
            }
            let value: String
            if let equals {
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard let next = rest.popFirst() else { return nil }
                value = next
            }
            guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
            switch name {
            case "--profile": settings.profile.profile = value
            case "--domain": settings.profile.domains.append(value)
            case "--max-rows":
                guard let number = Int(value) else { return nil }
                settings.profile.maxRows = number
            case "--config": settings.profile.config = value
            case "--format":
                guard let format = OutputFormat(rawValue: value) else { return nil }
                settings.format = format
            case "--color":
                guard let color = ColorChoice(rawValue: value) else { return nil }
                settings.color = color
            default: return nil
            }
        }
        return settings.files.isEmpty ? nil : settings
    }

    /// What a flag of `check` sets, or `nil` for any other name.
    private static func flagSetter(_ name: Substring) -> ((inout CheckSettings) -> Void)? {
        switch name {
        case "--sso": { $0.profile.sso = true }
        case "--allow-unknown-columns": { $0.profile.allowUnknownColumns = true }
        case "--no-config": { $0.profile.noConfig = true }
        case "--strict": { $0.strict = true }
        default: nil
        }
    }

    /// Whether ArgumentParser would read `argument`, as the first argument, as a subcommand:
    /// one of the root command's subcommands or its built-in `help`.
    private static func isSubcommandName(_ argument: String) -> Bool {
        if argument == "help" { return true }
        return CSVCheckCommand.configuration.subcommands.contains { command in
            command._commandName == argument || command.configuration.aliases.contains(argument)
        }
    }
}
