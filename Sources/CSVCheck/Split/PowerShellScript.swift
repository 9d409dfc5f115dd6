/// The PowerShell script that creates one migration batch per file, for Exchange Online
/// PowerShell (`Connect-ExchangeOnline` first). It names files relative to its own folder and
/// never holds a password: the CSV bytes are read when it runs.
///
/// ```powershell
/// New-MigrationBatch -Name 'mailboxes-001' -SourceEndpoint 'OnPrem' -CSVData ([System.IO.File]::ReadAllBytes((Join-Path $PSScriptRoot 'mailboxes-001.csv')))
/// ```
enum PowerShellScript {
    /// The most migration batches the service holds at once.
    static let serviceBatchLimit = 100

    /// The script's text.
    ///
    /// - Parameters:
    ///   - files: the batch file names, relative to the script's folder.
    ///   - endpoint: the migration endpoint's name.
    ///   - profile: the profile, for the parameters its migration type also needs.
    static func render(files: [String], endpoint: String, profile: Profile) -> String {
        var text = """
            # Creates \(files.count) migration batch\(files.count == 1 ? "" : "es"), one per CSV file in this folder.
            # Written by csvcheck split; run it in Exchange Online PowerShell after Connect-ExchangeOnline.
            # The batches are created stopped. To start one as soon as it is created, append -AutoStart
            # to its line below (and -NotificationEmails, -CompleteAfter... as your plan needs).

            """
        if profile.name == "onboarding" || profile.name == "google" {
            text += "# A \(profile.name) batch also needs -TargetDeliveryDomain (e.g. 'contoso.mail.onmicrosoft.com').\n"
        }
        if files.count > serviceBatchLimit {
            text += "# Warning: \(files.count) batches; the service accepts at most \(serviceBatchLimit) at a time. Create the rest as earlier batches complete and are removed.\n"
        }
        text += "$ErrorActionPreference = 'Stop'\n\n"
        for file in files {
            let name = file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
            text += "New-MigrationBatch -Name \(quoted(name)) -SourceEndpoint \(quoted(endpoint))"
            text += " -CSVData ([System.IO.File]::ReadAllBytes((Join-Path $PSScriptRoot \(quoted(file)))))\n"
        }
        return text
    }

    /// A PowerShell single-quoted string: nothing inside is expanded; quotes are doubled
    /// (including the typographic ones PowerShell also treats as quotes).
    static func quoted(_ value: String) -> String {
        var out = "'"
        for character in value {
            out.append(character)
            if character == "'" || character == "\u{2018}" || character == "\u{2019}" || character == "\u{201A}"
                || character == "\u{201B}"
            {
                out.append(character)
            }
        }
        return out + "'"
    }
}
