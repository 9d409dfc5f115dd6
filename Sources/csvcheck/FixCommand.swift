import ArgumentParser
import CSVCheck

/// `csvcheck fix FILE --out OUTFILE`: the repairs of `split`, into one canonical file.
struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Repair encoding, delimiter, preamble, header names and whitespace into one canonical file.",
        discussion: "Refused when the rows exceed the profile's limit: use split then.")

    @OptionGroup var profileOptions: ProfileOptions

    @Option(help: "The file to write (mode 0600).")
    var out: String

    @OptionGroup var writing: WritingOptions

    func run() throws {
        let (checkOptions, _) = try profileOptions.resolve()
        var options = SplitOptions(destination: .singleFile(path: out))
        options.rejectsPath = writing.rejects
        options.force = writing.force
        try SplitPrinter.run(
            Splitter(checkOptions: checkOptions, options: options), file: writing.file, color: writing.color, command: "fix")
    }
}
