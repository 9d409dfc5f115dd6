import ArgumentParser
import CSVCheck

extension OutputFormat: ExpressibleByArgument {}

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// The options shared by commands that read migration files.
struct ProfileOptions: ParsableArguments {
    @Option(
        help: "The migration type: staged, imap, onboarding or google.",
        completion: .list(["staged", "imap", "onboarding", "google"]))
    var profile: String?

    @Flag(help: "AD FS single sign-on is deployed (ForceChangePassword must be False; passwords are unused).")
    var sso = false

    @Option(name: .customLong("domain"), help: "An accepted on-premises domain (repeatable).")
    var domains: [String] = []

    @Flag(help: "Unknown columns are warnings, as with New-MigrationBatch -AllowUnknownColumnsInCsv.")
    var allowUnknownColumns = false

    @Option(help: "Override the profile's row limit.")
    var maxRows: Int?

    @Option(help: "The configuration file (default: the nearest .csvcheck.yml upward).")
    var config: String?

    @Flag(help: "Ignore any .csvcheck.yml.")
    var noConfig = false

    /// The same settings as plain values.
    var settings: ProfileSettings {
        ProfileSettings(
            profile: profile, sso: sso, domains: domains, allowUnknownColumns: allowUnknownColumns, maxRows: maxRows,
            config: config, noConfig: noConfig)
    }

    /// The options from the configuration file, then the flags on top; and `strict` from the
    /// file (see ``ProfileSettings/resolve()``).
    func resolve() throws -> (options: CheckOptions, strict: Bool) {
        try settings.resolve()
    }
}

/// The values of ``ProfileOptions`` without ArgumentParser's wrappers, so that
/// ``QuickCheckArguments`` can fill them too.
struct ProfileSettings {
    var profile: String?
    var sso = false
    var domains: [String] = []
    var allowUnknownColumns = false
    var maxRows: Int?
    var config: String?
    var noConfig = false

    /// The options from the configuration file, then the flags on top; and `strict` from the
    /// file.
    func resolve() throws -> (options: CheckOptions, strict: Bool) {
        var options = CheckOptions()
        var strict = false
        if !noConfig {
            let path = config ?? Configuration.find(from: ".")
            if let path {
                do {
                    let file = try Configuration.load(path: path)
                    file.apply(to: &options)
                    strict = file.strict ?? false
                } catch {
                    throw RunFailure("csvcheck: \(error.description)")
                }
            }
        }
        if let profile {
            guard let named = Profile.named(profile) else {
                throw ValidationError("unknown profile '\(profile)'; use staged, imap, onboarding or google")
            }
            options.profile = named
        }
        if sso { options.singleSignOn = true }
        if !domains.isEmpty { options.acceptedDomains = domains }
        if allowUnknownColumns { options.allowUnknownColumns = true }
        if let maxRows {
            guard maxRows > 0 else { throw ValidationError("--max-rows must be at least 1") }
            options.maxRows = maxRows
        }
        return (options, strict)
    }
}

/// `csvcheck [check] FILE...`: checks files and reports every problem.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check CSV files (the default command).")

    @OptionGroup var profileOptions: ProfileOptions

    @Option(help: "Output format: text, json, sarif or github.")
    var format: OutputFormat = .text

    @Flag(help: "Warnings fail the run too.")
    var strict = false

    @Option(help: "Colour: auto (honours NO_COLOR and a terminal), always or never.")
    var color: ColorChoice = .auto

    @Argument(
        help: "Files or folders (a folder means its *.csv files); - for standard input.",
        completion: .file(extensions: ["csv"]))
    var files: [String]

    func run() throws {
        try CheckSettings(
            profile: profileOptions.settings, format: format, strict: strict, color: color, files: files
        ).run()
    }
}

/// Everything `check` was asked for, as plain values: from ``CheckCommand`` or, for the common
/// command lines, straight from ``QuickCheckArguments``.
struct CheckSettings {
    var profile = ProfileSettings()
    var format: OutputFormat = .text
    var strict = false
    var color: ColorChoice = .auto
    var files: [String] = []

    /// Checks the files and writes the report; throws `ExitCode(1)` when errors (or, strict,
    /// warnings) were found.
    func run() throws {
        var (options, configStrict) = try profile.resolve()
        options.excerpts = format == .text
        let strict = self.strict || configStrict
        let paths = try InputPaths.expand(files)
        let checker = Checker(options: options)
        let useColor = color == .always || (color == .auto && Console.standardOutputWantsColor)
        // The renderer is opened from `any DiagnosticRenderer` into its own type, so that the
        // box lends the file's metadata to each call in place (see RendererBox.render).
        let summary = try Self.render(paths, checker, makeRenderer(format: format, color: useColor))
        if summary.errors > 0 || (strict && summary.warnings > 0) { throw ExitCode(1) }
    }

    /// Checks `paths` in order, streaming every diagnostic to `renderer` and the report to
    /// standard output; returns the run's totals.
    private static func render<Renderer: DiagnosticRenderer>(
        _ paths: [String], _ checker: Checker, _ renderer: Renderer
    ) throws -> RunSummary {
        let box = RendererBox(renderer: renderer)
        var summary = RunSummary()
        box.renderer.beginRun(&box.out)
        for path in paths {
            let report: FileReport
            let onStart = { (metadata: FileReport) in
                box.metadata = metadata
                box.renderer.beginFile(metadata, &box.out)
            }
            do {
                if let json = box as? RendererBox<JSONRenderer> {
                    // JSON reads each message in place, where the rules laid it out.
                    report = try checker.check(path: path, onStart: onStart, lending: { json.renderer.diagnostic($0, &json.out) })
                } else {
                    report = try checker.check(
                        path: path, keepDiagnostics: false, onStart: onStart, { diagnostic in box.render(diagnostic) })
                }
            } catch {
                box.out.flush()
                throw RunFailure(error.description)
            }
            var final = report
            final.diagnostics = []
            box.renderer.endFile(final, &box.out)
            summary.add(report)
        }
        box.renderer.endRun(summary, &box.out)
        do {
            try box.out.finish()
        } catch {
            throw RunFailure("csvcheck: cannot write the report: \(error)")
        }
        return summary
    }
}

/// Holds the renderer and the sink while the checker's callbacks use them. Only the reading
/// thread touches them, once or twice per diagnostic: no run-time exclusivity checks.
///
/// `Renderer` is a renderer's own type (`check`) or `any DiagnosticRenderer` (`split`).
final class RendererBox<Renderer> {
    @exclusivity(unchecked) var renderer: Renderer
    @exclusivity(unchecked) var out = OutputSink()
    @exclusivity(unchecked) var metadata = FileReport(path: "")

    init(renderer: Renderer) {
        self.renderer = renderer
    }
}

extension RendererBox where Renderer: DiagnosticRenderer {
    /// Renders one diagnostic of the current file.
    ///
    /// Through ``render(_:_:metadata:_:)``: `box.renderer.diagnostic(d, in: box.metadata, ...)`
    /// copies the metadata out of the box for the call (four retains and four releases per
    /// diagnostic), while an `inout` metadata is lent in place.
    func render(_ diagnostic: Diagnostic) {
        Self.render(diagnostic, &renderer, metadata: &metadata, &out)
    }

    private static func render(
        _ diagnostic: Diagnostic, _ renderer: inout Renderer, metadata: inout FileReport, _ out: inout OutputSink
    ) {
        renderer.diagnostic(diagnostic, in: metadata, &out)
    }
}
