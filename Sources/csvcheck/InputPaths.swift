import Foundation

/// Turns the FILE arguments into the list of files to check.
enum InputPaths {
    /// Files stay as given; a folder stands for the `*.csv` files directly in it, sorted by
    /// name; `-` is standard input. The order is the arguments' order, so runs are repeatable.
    static func expand(_ arguments: [String]) throws -> [String] {
        var paths: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if argument != "-", FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: argument)
                } catch {
                    throw RunFailure("csvcheck: cannot read the folder '\(argument)'")
                }
                let base = argument.hasSuffix("/") ? argument : argument + "/"
                let files = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { base + $0 }.filter {
                    var inner: ObjCBool = false
                    return FileManager.default.fileExists(atPath: $0, isDirectory: &inner) && !inner.boolValue
                }
                if files.isEmpty { throw RunFailure("csvcheck: the folder '\(argument)' holds no .csv file") }
                paths += files
            } else {
                if argument != "-" {
                    guard FileManager.default.fileExists(atPath: argument) else {
                        throw RunFailure("csvcheck: cannot open '\(argument)': no such file")
                    }
                    guard FileManager.default.isReadableFile(atPath: argument) else {
                        throw RunFailure("csvcheck: cannot open '\(argument)': permission denied")
                    }
                }
                paths.append(argument)
            }
        }
        return paths
    }
}
