import ArgumentParser
import CSVCheck

/// `csvcheck rules`: the rule catalogue.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule.")

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func run() throws {
        var out = OutputSink()
        switch format {
        case "text": CatalogueRenderer.writeTable(to: &out)
        case "json": CatalogueRenderer.writeJSON(to: &out)
        default: throw ValidationError("--format must be text or json")
        }
        try? out.finish()
    }
}

/// `csvcheck explain CODE`: one rule, with an example and the fix.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain one rule.")

    @Argument(help: "A rule code, e.g. EML002.")
    var code: String

    func run() throws {
        guard let rule = RuleCatalogue.descriptor(for: RuleCode(code.uppercased())) else {
            throw ValidationError("unknown rule '\(code)'; csvcheck rules lists them")
        }
        var out = OutputSink()
        CatalogueRenderer.writeExplanation(rule, to: &out)
        try? out.finish()
    }
}
