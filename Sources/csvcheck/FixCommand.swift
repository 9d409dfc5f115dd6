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

    @Option(help: "Put rows with errors in this file, with a Reasons column.")
    var rejects: String?

    @Flag(help: "Overwrite existing output files.")
    var force = false

    @Option(help: "Colour: auto (honours NO_COLOR and a terminal), always or never.")
    var color: ColorChoice = .auto

    @Argument(help: "The input file; - for standard input.")
    var file: String

    func run() throws {
        let (checkOptions, _) = try profileOptions.resolve()
        var options = SplitOptions(destination: .singleFile(path: out))
        options.rejectsPath = rejects
        options.force = force
        try SplitPrinter.run(
            Splitter(checkOptions: checkOptions, options: options), file: file, color: color, command: "fix")
    }
}
