import ArgumentParser
import CSVCheck

/// The `csvcheck` command: subcommands `check` (the default), `split`, `fix`, `rules` and
/// `explain`.
struct CSVCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csvcheck",
        abstract: "Check Microsoft 365 migration CSV files before New-MigrationBatch, and split them into batches.",
        version: csvcheckVersion,
        subcommands: [CheckCommand.self, SplitCommand.self, FixCommand.self, RulesCommand.self, ExplainCommand.self],
        defaultSubcommand: CheckCommand.self)
}
