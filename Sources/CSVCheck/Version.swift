/// The csvcheck version, semantic versioning; the same as ``CSVCheckTool/csvcheckVersion``.
public let csvcheckVersion = CSVCheckTool.csvcheckVersion

/// Facts about the csvcheck tool itself, as reported in SARIF output and `--version`.
public enum CSVCheckTool {
    /// The tool's name.
    public static let name = "csvcheck"
    /// The tool's version, semantic versioning.
    public static let csvcheckVersion = "0.1.0"
    /// Where to read about the tool and its rules (SARIF `tool.driver.informationUri`).
    public static let informationURI = "https://github.com/csvcheck/csvcheck"
}
