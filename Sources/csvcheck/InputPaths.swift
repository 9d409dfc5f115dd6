import Glibc

/// Turns the FILE arguments into the list of files to check.
enum InputPaths {
    /// Files stay as given; a folder stands for the `*.csv` files directly in it, sorted by
    /// name; `-` is standard input. The order is the arguments' order, so runs are repeatable.
    static func expand(_ arguments: [String]) throws -> [String] {
        var paths: [String] = []
        for argument in arguments {
            if argument != "-", kind(of: argument) == .directory {
                guard let names = entries(of: argument) else {
                    throw RunFailure("csvcheck: cannot read the folder '\(argument)'")
                }
                let base = argument.hasSuffix("/") ? argument : argument + "/"
                let files = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { base + $0 }.filter {
                    kind(of: $0) == .file
                }
                if files.isEmpty { throw RunFailure("csvcheck: the folder '\(argument)' holds no .csv file") }
                paths += files
            } else {
                if argument != "-" {
                    guard kind(of: argument) != nil else {
                        throw RunFailure("csvcheck: cannot open '\(argument)': no such file")
                    }
                    guard access(argument, R_OK) == 0 else {
                        throw RunFailure("csvcheck: cannot open '\(argument)': permission denied")
                    }
                }
                paths.append(argument)
            }
        }
        return paths
    }

    private enum Kind { case file, directory }

    /// What `path` names, following symbolic links: nil when nothing (or nothing reachable).
    private static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .file
    }

    /// The names in a folder, `.` and `..` left out; nil when it cannot be read.
    private static func entries(of path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
