import ArgumentParser
import CSVCheck
import CSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Exit statuses: 0 no errors, 1 errors found, 2 the run itself failed (usage included).
// The usual `check` command lines skip ArgumentParser (see QuickCheckArguments); the same code
// then runs, and its errors end up in the same places.
// Before the first allocation of any size: the heap grows in large steps from the start.
csvcheck_tune_allocator()
do {
    if let settings = QuickCheckArguments.parse(Array(CommandLine.arguments.dropFirst())) {
        try settings.run()
    } else {
        var command = try CSVCheckCommand.parseAsRoot()
        try command.run()
    }
    exit(0)
} catch let exit as ExitCode {
    Glibc.exit(exit.rawValue)
} catch let failure as RunFailure {
    Console.error(failure.description)
    exit(2)
} catch {
    let code = CSVCheckCommand.exitCode(for: error)
    let message = CSVCheckCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    Console.error(message.isEmpty ? "csvcheck: \(error)" : message)
    exit(2)
}
