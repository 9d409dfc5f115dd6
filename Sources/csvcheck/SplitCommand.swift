import ArgumentParser
import CSVCheck

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `csvcheck split FILE --out DIR`: canonical batch files, a manifest and optionally a script.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a mailbox list into valid, canonical batch files.",
        discussion: """
            Rows with errors refuse the split unless --rejects is given; then they go to that file \
            with a Reasons column. Files are written with mode 0600, atomically, and never over \
            an existing file without --force.
            """)

    @OptionGroup var profileOptions: ProfileOptions

    @Option(help: "The folder for the batch files (created if missing).")
    var out: String

    @Option(help: "At most this many data rows per file (default: the profile's limit).")
    var rows: Int?

    @Flag(help: "Make file sizes differ by at most one row.")
    var balanced = false

    @Option(help: "File name prefix: PREFIX-001.csv... (default: the input's name).")
    var prefix: String?

    @Option(name: .customLong("powershell"), help: "Also write a New-MigrationBatch script for this migration endpoint.")
    var endpoint: String?

    @OptionGroup var writing: WritingOptions

    func run() throws {
        let (checkOptions, _) = try profileOptions.resolve()
        if let rows, rows < 1 { throw ValidationError("--rows must be at least 1") }
        var options = SplitOptions(directory: out)
        options.rowsPerFile = rows
        options.balanced = balanced
        options.prefix = prefix
        options.rejectsPath = writing.rejects
        options.powerShellEndpoint = endpoint
        options.force = writing.force
        try SplitPrinter.run(
            Splitter(checkOptions: checkOptions, options: options), file: writing.file, color: writing.color, command: "split")
    }
}

/// Runs a ``Splitter`` for `split` and `fix` and prints what it did: errors through the check
/// command's text renderer, then each repair with its code and each file written. Never a
/// value of a row: the rejects file holds passwords and is only named.
enum SplitPrinter {
    static func run(_ splitter: Splitter, file: String, color: ColorChoice, command: String) throws {
        let useColor = color == .always || (color == .auto && Console.standardOutputWantsColor)
        let box = RendererBox(renderer: makeRenderer(format: .text, color: useColor))
        let progress = Progress(enabled: isatty(2) == 1, command: command)
        box.renderer.beginRun(&box.out)
        let result: SplitResult
        do {
            let isShown = { (diagnostic: Diagnostic) in
                diagnostic.severity == .error && !splitter.repairs(diagnostic)
            }
            result = try splitter.run(
                path: file,
                onStart: { metadata in
                    box.metadata = metadata
                    box.renderer.beginFile(metadata, &box.out)
                },
                onProgress: { progress.show($0) },
                { diagnostic in
                    guard isShown(diagnostic) else { return }
                    progress.clear()
                    box.renderer.diagnostic(diagnostic, in: box.metadata, &box.out)
                })
        } catch {
            progress.clear()
            box.out.flush()
            if case .invalidOptions(let message) = error.kind { throw ValidationError(message) }
            throw RunFailure(error.description)
        }
        progress.clear()
        let out = box
        for repair in result.repairs {
            out.out.write("repaired \(repair.code.rawValue): \(repair.summary)\n")
        }
        switch result.outcome {
        case .refused:
            out.out.write("\(command) refused: \(describe(result.refusal)); nothing was written\n")
        case .written:
            for written in result.files {
                out.out.write("wrote \(written.path): ")
                out.out.writeDecimal(written.rows, thousandsSeparator: UInt8(ascii: ","))
                out.out.write(" row\(written.rows == 1 ? "" : "s") (input lines \(written.firstLine)-\(written.lastLine))\n")
            }
            if let rejects = result.rejects {
                out.out.write("wrote \(rejects.path): ")
                out.out.writeDecimal(rejects.rows, thousandsSeparator: UInt8(ascii: ","))
                out.out.write(" rejected row\(rejects.rows == 1 ? "" : "s") with their reasons (it holds passwords: mode 0600)\n")
            }
            if let script = result.scriptPath { out.out.write("wrote \(script)\n") }
            if let manifest = result.manifestPath { out.out.write("wrote \(manifest)\n") }
            for warning in result.warnings { out.out.write("warning: \(warning)\n") }
        }
        do {
            try out.out.finish()
        } catch {
            throw RunFailure("csvcheck: cannot write the report: \(error)")
        }
        if result.outcome == .refused { throw ExitCode(1) }
    }

    static func describe(_ refusal: SplitResult.Refusal?) -> String {
        switch refusal {
        case .unrepairable(let codes)?:
            return "the input has errors that cannot be repaired (\(codes.map(\.rawValue).joined(separator: ", ")))"
        case .rowErrors(let count)?:
            return "\(count) row\(count == 1 ? " has" : "s have") errors; fix \(count == 1 ? "it" : "them") or give --rejects FILE to set \(count == 1 ? "it" : "them") aside"
        case .tooManyRows(let rows, let limit)?:
            return "\(rows) rows are over the limit of \(limit) rows per batch; use csvcheck split to write batch files"
        case nil:
            return "errors found"
        }
    }
}

/// A progress line on standard error, redrawn in place, for terminals only.
final class Progress {
    let enabled: Bool
    let command: String
    private var shown = false

    init(enabled: Bool, command: String) {
        self.enabled = enabled
        self.command = command
    }

    func show(_ progress: SplitProgress) {
        guard enabled else { return }
        var line = "\rcsvcheck \(command): "
        if progress.passes > 1 { line += "pass \(progress.pass) of \(progress.passes), " }
        line += "\(progress.rows) rows read"
        write(line)
        shown = true
    }

    func clear() {
        guard shown else { return }
        shown = false
        write("\r\u{1B}[K")
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress!, $0.count) }
    }
}

/// The options `split` and `fix` share: where rejected rows go, overwriting, colour, the input.
struct WritingOptions: ParsableArguments {
    @Option(help: "Put rows with errors in this file, with a Reasons column.")
    var rejects: String?

    @Flag(help: "Overwrite existing output files.")
    var force = false

    @Option(help: "Colour: auto (honours NO_COLOR and a terminal), always or never.")
    var color: ColorChoice = .auto

    @Argument(help: "The input file; - for standard input.", completion: .file(extensions: ["csv"]))
    var file: String
}
