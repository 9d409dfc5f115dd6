/// The built-in rules: one ``RuleDescriptor`` for every code in ``RuleCode``, in catalogue order,
/// with the default severities of DESIGN.md.
public enum RuleCatalogue {
    /// Every built-in rule, in catalogue order (encoding, structure, header, rows, addresses,
    /// values, booleans, passwords, single sign-on, security).
    public static let all: [RuleDescriptor] = encoding + structure + header + rows + addresses
        + values + booleans + passwords + singleSignOn + security

    private static let byCode: [RuleCode: RuleDescriptor] = Dictionary(
        all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The descriptor of a code, or `nil` for a code that is not built in.
    /// - Complexity: O(1).
    public static func descriptor(for code: RuleCode) -> RuleDescriptor? {
        byCode[code]
    }

    // MARK: Encoding and text

    private static let encoding: [RuleDescriptor] = [
        RuleDescriptor(
            code: .invalidBytes, defaultSeverity: .error,
            title: "Invalid bytes",
            summary: """
                The file contains bytes that are not valid in its encoding: malformed UTF-8, a NUL \
                byte, or binary data. Every bad sequence is reported with its byte offset and line.
                """,
            behaviour: """
                The migration service decodes the CSV as text. Undecodable bytes are replaced or \
                rejected, so the affected address or password no longer matches the mailbox, and a \
                binary file (an .xlsx saved with a .csv name, a UTF-16 file without a BOM) cannot \
                be read at all.
                """,
            example: "EmailAddress\r\npilar@contoso.com\r\njo\\xC3(@contoso.com   <- 0xC3 0x28 is not UTF-8",
            fix: """
                Export the list again as "CSV UTF-8 (Comma delimited)" from Excel, or with \
                Export-Csv -Encoding UTF8 -NoTypeInformation in PowerShell; do not rename workbook \
                files to .csv.
                """),
        RuleDescriptor(
            code: .legacyEncoding, defaultSeverity: .error,
            title: "Legacy encoding",
            summary: """
                The file is in a legacy, non-Unicode code page (for example Windows-1252) and \
                contains non-ASCII characters. The detected encoding is named in the message.
                """,
            behaviour: """
                Microsoft's migration documentation requires the CSV to be saved in a Unicode \
                encoding (UTF-8 or UTF-16). A file saved as "CSV (Comma delimited)" by Excel uses \
                the ANSI code page of the PC, and characters such as é or ß are misread during the \
                upload, so names and passwords arrive corrupted.
                """,
            example: "EmailAddress,Password\r\nrene@contoso.com,********   <- 'René' in a display column saved as Windows-1252",
            fix: """
                Save as "CSV UTF-8 (Comma delimited)" in Excel, or use Export-Csv -Encoding UTF8; \
                `csvcheck split` transcodes to UTF-8 for you.
                """),
        RuleDescriptor(
            code: .notNFC, defaultSeverity: .warning,
            title: "Not in Unicode NFC",
            summary: """
                A value contains decomposed characters (a letter followed by a combining accent) \
                instead of the composed form of Unicode Normalization Form C.
                """,
            behaviour: """
                Exchange and Microsoft Entra ID compare strings by their code points, so a \
                decomposed 'é' (e + U+0301) does not match the composed 'é' stored in the \
                directory. Files that passed through macOS file names or some web forms often \
                contain decomposed text.
                """,
            example: "EmailAddress,UserName\r\nrene@contoso.com,Rene\\u{301}   <- e followed by a combining acute accent",
            fix: "Normalize the file to NFC; `csvcheck split` writes NFC output."),
        RuleDescriptor(
            code: .controlCharacter, defaultSeverity: .error,
            title: "Control character in a value",
            summary: """
                A value contains a control character (U+0000-U+001F or U+007F-U+009F), including a \
                line break inside a quoted EmailAddress or Password.
                """,
            behaviour: """
                Control characters are never part of a valid SMTP address, and Microsoft 365 \
                passwords may not contain them, so the row fails. A line break inside a quoted \
                field usually comes from a spreadsheet cell edited with Alt+Enter.
                """,
            example: "EmailAddress,Password\r\n\"pilar@contoso.com\r\n\",********",
            fix: "Remove the control character or line break from the cell and export again."),
        RuleDescriptor(
            code: .invisibleCharacter, defaultSeverity: .warning,
            title: "Invisible or look-alike character",
            summary: """
                A value contains a zero-width character, a no-break space, a soft hyphen or a \
                typographic (smart) quote.
                """,
            behaviour: """
                These characters are invisible or look like ordinary ones, but they are different \
                code points: an address with a zero-width space matches no mailbox, and a password \
                with a smart quote is not the one the user was told. They usually come from \
                copying text out of Word, Outlook, Teams or a web page.
                """,
            example: "EmailAddress\r\npilar@contoso.com\\u{200B}   <- zero-width space at the end",
            fix: "Delete the character, or retype the value instead of pasting it."),
    ]

    // MARK: Structure

    private static let structure: [RuleDescriptor] = [
        RuleDescriptor(
            code: .emptyFile, defaultSeverity: .error,
            title: "Empty file",
            summary: "The file has no content: no bytes at all, or only a byte order mark or whitespace.",
            behaviour: """
                New-MigrationBatch needs at least a header row and one mailbox row; an empty CSV \
                is rejected when the batch is created.
                """,
            example: "(a zero-byte file)",
            fix: "Export the mailbox list again; check that the export query returned users."),
        RuleDescriptor(
            code: .unterminatedQuote, defaultSeverity: .error,
            title: "Unterminated quoted field",
            summary: """
                A field opens with a double quote that is never closed, so the rest of the file is \
                swallowed into one value. The diagnostic points at the opening quote.
                """,
            behaviour: """
                CSV readers, the migration service's included, treat everything after an unclosed \
                quote as one field: every following row disappears or the file is rejected as \
                malformed.
                """,
            example: "EmailAddress,Password\r\n\"pilar@contoso.com,********\r\njo@contoso.com,********",
            fix: "Close the quote, or remove it if the value does not need quoting."),
        RuleDescriptor(
            code: .strayQuote, defaultSeverity: .error,
            title: "Stray quote",
            summary: """
                A double quote appears inside an unquoted field, or text follows the closing quote \
                of a quoted field (RFC 4180 requires quotes inside a value to be doubled inside a \
                quoted field).
                """,
            behaviour: """
                Parsers disagree about such fields: some keep the quote, some drop it, some reject \
                the row, so the value Microsoft reads may not be the one you wrote.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com,ab\"cd   <- quote inside an unquoted field",
            fix: "Quote the whole field and double the inner quote: \"ab\"\"cd\"."),
        RuleDescriptor(
            code: .wrongDelimiter, defaultSeverity: .error,
            title: "Delimiter is not a comma",
            summary: """
                The file is separated by semicolons (Excel in a locale whose list separator is ';') \
                or by TABs. The rest of the file is still checked with the detected delimiter.
                """,
            behaviour: """
                New-MigrationBatch only accepts comma-separated files. A semicolon file is read as \
                one column named "EmailAddress;Password;ForceChangePassword", so the EmailAddress \
                column is missing and the batch is rejected.
                """,
            example: "EmailAddress;Password;ForceChangePassword\r\npilar@contoso.com;********;False",
            fix: """
                Save as "CSV UTF-8 (Comma delimited)" with the Windows list separator set to a \
                comma, or use Export-Csv without -Delimiter; `csvcheck split` rewrites the \
                delimiter.
                """),
        RuleDescriptor(
            code: .fieldCount, defaultSeverity: .error,
            title: "Wrong number of fields",
            summary: "A row has more or fewer fields than the header row.",
            behaviour: """
                Values shift into the wrong columns (a password read as ForceChangePassword) or the \
                migration service rejects the row; an unquoted comma inside a value is the usual \
                cause. A row with too few fields is often cut by a line break inside a value: \
                until it is fixed, the row after it gets only the checks that quote no value, and \
                the row before it is checked only up to its Password column, so that no piece of \
                a cut password is ever shown.
                """,
            example: "EmailAddress,Password,ForceChangePassword\r\npilar@contoso.com,********\r\n",
            fix: "Add the missing fields (empty is fine for optional columns) or quote values that contain commas."),
        RuleDescriptor(
            code: .preamble, defaultSeverity: .error,
            title: "Preamble before the header",
            summary: """
                A line precedes the header row: `#TYPE ...` written by Windows PowerShell's \
                Export-Csv without -NoTypeInformation, or `sep=;` written by Excel.
                """,
            behaviour: """
                The migration service takes the first line as the header, so "#TYPE \
                System.Management.Automation.PSCustomObject" becomes the only column name and \
                EmailAddress is reported missing.
                """,
            example: "#TYPE System.Management.Automation.PSCustomObject\r\n\"EmailAddress\"\r\n\"pilar@contoso.com\"",
            fix: "Delete the first line, or export with Export-Csv -NoTypeInformation; `csvcheck split` drops it."),
        RuleDescriptor(
            code: .blankLine, defaultSeverity: .warning,
            title: "Blank line between rows",
            summary: "An empty line appears between data rows. Blank lines at the end of the file are ignored.",
            behaviour: """
                Depending on the reader, a blank line is skipped or read as a row with an empty \
                EmailAddress, which fails as a migration user; it also usually means rows were \
                pasted together by hand.
                """,
            example: "EmailAddress\r\npilar@contoso.com\r\n\r\njo@contoso.com",
            fix: "Delete the blank line; `csvcheck split` drops blank lines."),
        RuleDescriptor(
            code: .surroundingWhitespace, defaultSeverity: .warning,
            title: "Whitespace around a value",
            summary: "A value starts or ends with spaces or TABs.",
            behaviour: """
                The migration service does not trim values: " pilar@contoso.com" is not the \
                address of any mailbox, and a space before True is not a Boolean.
                """,
            example: "EmailAddress,ForceChangePassword\r\n pilar@contoso.com ,False",
            fix: "Trim the value; `csvcheck split` trims EmailAddress and Boolean values (never passwords)."),
        RuleDescriptor(
            code: .recordTooLarge, defaultSeverity: .error,
            title: "Field or record too large",
            summary: """
                A field or a record is larger than the safety limit (64 KiB by default). The \
                checker stops collecting it, so memory stays bounded, and goes on.
                """,
            behaviour: """
                No migration CSV value comes close to this size (a password is at most 256 \
                characters); a huge field is almost always an unclosed quote or a binary file.
                """,
            example: "EmailAddress,Notes\r\npilar@contoso.com,\"...70,000 characters...\"",
            fix: "Look for an unbalanced quote before this point, or remove the oversized column."),
    ]

    // MARK: Header

    private static let header: [RuleDescriptor] = [
        RuleDescriptor(
            code: .missingColumn, defaultSeverity: .error,
            title: "Missing required column",
            summary: """
                A column the profile requires is absent from the header, for example EmailAddress. \
                The closest existing name is suggested ("Email Address" -> EmailAddress).
                """,
            behaviour: """
                New-MigrationBatch identifies every mailbox by the EmailAddress column (IMAP \
                batches also need UserName and Password) and rejects a CSV without it.
                """,
            example: "Email Address,Password\r\npilar@contoso.com,********",
            fix: "Rename the column to the exact attribute name, e.g. EmailAddress."),
        RuleDescriptor(
            code: .unknownColumn, defaultSeverity: .error,
            title: "Unknown column",
            summary: """
                The header has a column that the profile does not define. It is a warning when \
                unknown columns are allowed.
                """,
            behaviour: """
                New-MigrationBatch rejects a CSV with columns it does not recognize unless the \
                batch is created with -AllowUnknownColumnsInCsv $true, in which case the extra \
                columns are ignored.
                """,
            example: "EmailAddress,Password,Department\r\npilar@contoso.com,********,Sales",
            fix: "Remove the column, or create the batch with -AllowUnknownColumnsInCsv $true and check with --allow-unknown-columns."),
        RuleDescriptor(
            code: .duplicateColumn, defaultSeverity: .error,
            title: "Duplicate column",
            summary: "Two header cells have the same name, compared case-insensitively.",
            behaviour: """
                Column names are matched case-insensitively, so EmailAddress and emailaddress are \
                the same attribute; the CSV is ambiguous and the migration service rejects it.
                """,
            example: "EmailAddress,Password,emailaddress\r\npilar@contoso.com,********,pilar@contoso.com",
            fix: "Keep one of the columns and delete the other."),
        RuleDescriptor(
            code: .badHeaderName, defaultSeverity: .error,
            title: "Empty or padded header name",
            summary: "A header cell is empty, or its name has leading or trailing whitespace.",
            behaviour: """
                Exchange does not trim header names: "EmailAddress " is an unknown column, not the \
                EmailAddress attribute, and an empty name is an unknown column too.
                """,
            example: "EmailAddress ,Password,\r\npilar@contoso.com,********,",
            fix: "Trim the header names and delete empty trailing columns; `csvcheck split` writes canonical names."),
        RuleDescriptor(
            code: .headerCase, defaultSeverity: .warning,
            title: "Header name case differs",
            summary: "A header name matches a known column only when case is ignored, e.g. emailaddress.",
            behaviour: """
                Exchange matches column names case-insensitively, so the batch works; the \
                canonical spelling (EmailAddress, ForceChangePassword) keeps files consistent for \
                scripts, reviews and other tools.
                """,
            example: "emailaddress,password\r\npilar@contoso.com,********",
            fix: "Use the canonical names; `csvcheck split` rewrites them."),
    ]

    // MARK: Rows

    private static let rows: [RuleDescriptor] = [
        RuleDescriptor(
            code: .tooManyRows, defaultSeverity: .error,
            title: "Too many rows",
            summary: """
                The file has more data rows than the profile allows: 2,000 for a staged migration, \
                50,000 for IMAP (or the --max-rows value).
                """,
            behaviour: """
                Microsoft limits a staged migration CSV to 2,000 mailboxes and an IMAP migration \
                CSV to 50,000; New-MigrationBatch rejects a larger file.
                """,
            example: "EmailAddress\r\nuser0001@contoso.com\r\n... (2,001 data rows)",
            fix: "Split the list into several batches with `csvcheck split FILE --out DIR`."),
        RuleDescriptor(
            code: .noRows, defaultSeverity: .error,
            title: "No data rows",
            summary: "The file has a header but no data rows.",
            behaviour: "A migration batch needs at least one mailbox; New-MigrationBatch rejects a CSV with only a header.",
            example: "EmailAddress,Password,ForceChangePassword\r\n",
            fix: "Check the export: the query or filter that produced the list returned nobody."),
        RuleDescriptor(
            code: .fileTooLarge, defaultSeverity: .error,
            title: "File too large",
            summary: "The file is larger than the profile allows: 10 MB for an IMAP migration CSV.",
            behaviour: "Microsoft limits an IMAP migration CSV file to 10 MB; a larger file is rejected.",
            example: "(an 11 MB imap batch file)",
            fix: "Split the list into several batches with `csvcheck split`."),
    ]

    // MARK: Email addresses

    private static let addresses: [RuleDescriptor] = [
        RuleDescriptor(
            code: .emptyAddress, defaultSeverity: .error,
            title: "Empty address",
            summary: "The EmailAddress value of a row is empty.",
            behaviour: "Every row is one migration user identified by its EmailAddress; a row without one fails.",
            example: "EmailAddress,Password\r\n,********",
            fix: "Fill in the mailbox's address or delete the row."),
        RuleDescriptor(
            code: .malformedAddress, defaultSeverity: .error,
            title: "Malformed address",
            summary: """
                EmailAddress is not a plain SMTP address: a missing or extra @, spaces, leading, \
                trailing or doubled dots, characters outside RFC 5322 atext, a quoted local part, \
                an IP-literal domain, a display-name form (Name <a@b>) or a mailto: prefix.
                """,
            behaviour: """
                Exchange proxy addresses are plain addr-spec SMTP addresses; the migration service \
                looks the mailbox up by this exact address and fails the row when it is not one.
                """,
            example: "EmailAddress,Password,ForceChangePassword\r\npilar.contoso.com,********,False",
            fix: "Use the mailbox's primary SMTP address alone, e.g. pilarp@contoso.com."),
        RuleDescriptor(
            code: .addressTooLong, defaultSeverity: .error,
            title: "Address too long",
            summary: """
                The local part is over 64 characters, the whole address over 254, or a domain \
                label over 63.
                """,
            behaviour: """
                These are the SMTP limits of RFC 5321 and RFC 1035; Exchange does not accept a \
                longer address and DNS cannot resolve a longer label.
                """,
            example: "EmailAddress\r\na-local-part-of-seventy-characters-...@contoso.com",
            fix: "Use the mailbox's actual primary SMTP address; check for two addresses run together."),
        RuleDescriptor(
            code: .nonASCIIAddress, defaultSeverity: .error,
            title: "Non-ASCII address",
            summary: """
                The address contains non-ASCII characters, or its domain is internationalized \
                (Unicode or xn-- Punycode labels).
                """,
            behaviour: """
                Microsoft 365 does not support internationalized (EAI/IDN) addresses as mailbox \
                addresses, so the migration user cannot be created or matched.
                """,
            example: "EmailAddress\r\nrené@contoso.com",
            fix: "Use the mailbox's ASCII primary SMTP address (e.g. rene@contoso.com)."),
        RuleDescriptor(
            code: .cloudOnlyDomain, defaultSeverity: .warning,
            title: "Cloud-only domain",
            summary: "The address is in a *.onmicrosoft.com domain.",
            behaviour: """
                A staged migration identifies each on-premises mailbox by its on-premises primary \
                SMTP address; the tenant's onmicrosoft.com address is not an address of the source \
                mailbox, so the migration cannot find it.
                """,
            example: "EmailAddress\r\npilarp@contoso.onmicrosoft.com",
            fix: "Use the on-premises primary SMTP address, e.g. pilarp@contoso.com."),
        RuleDescriptor(
            code: .unacceptedDomain, defaultSeverity: .error,
            title: "Domain not accepted",
            summary: """
                The address's domain is not one of the accepted domains given with --domain or in \
                the configuration. Checked only when accepted domains are configured.
                """,
            behaviour: """
                The primary SMTP address of a migrated mailbox must be in an accepted domain of the \
                organization and verified in Microsoft 365; an address in another domain is a typo \
                or a mailbox that is not yours to migrate.
                """,
            example: "EmailAddress\r\npilar@contoso.co",
            fix: "Correct the domain, or add it with --domain if it is an accepted domain."),
        RuleDescriptor(
            code: .duplicateAddress, defaultSeverity: .error,
            title: "Duplicate address",
            summary: """
                The address already appeared in an earlier row of this file, compared \
                case-insensitively; the message names the first row.
                """,
            behaviour: """
                Each mailbox is one migration user and can be in only one batch once; \
                New-MigrationBatch rejects a CSV that lists the same mailbox twice, and SMTP \
                addresses are case-insensitive in Exchange.
                """,
            example: "EmailAddress\r\npilar@contoso.com\r\nPilar@Contoso.com",
            fix: "Delete the repeated row; if the two rows had different passwords, decide which one is right."),
        RuleDescriptor(
            code: .duplicateAcrossFiles, defaultSeverity: .error,
            title: "Address in another file",
            summary: """
                The address already appeared in another file of the same run, compared as for \
                DUP001.
                """,
            behaviour: """
                A mailbox can belong to only one migration batch at a time; creating the second \
                batch fails for that user because it already exists in a migration batch.
                """,
            example: "batch-001.csv: pilar@contoso.com\r\nbatch-002.csv: pilar@contoso.com",
            fix: "Keep the mailbox in one batch file only."),
    ]

    // MARK: Values

    private static let values: [RuleDescriptor] = [
        RuleDescriptor(
            code: .emptyRequiredValue, defaultSeverity: .error,
            title: "Empty required value",
            summary: "A required column other than EmailAddress is empty in a row, e.g. UserName or Password in an IMAP batch.",
            behaviour: """
                An IMAP migration signs in to the source server with UserName and Password for \
                each row; without them the migration user fails.
                """,
            example: "EmailAddress,UserName,Password\r\npilar@contoso.com,,********",
            fix: "Fill in the value for the row."),
        RuleDescriptor(
            code: .valueOutOfRange, defaultSeverity: .error,
            title: "Value not allowed",
            summary: """
                A value is outside its column's allowed set or range: MailboxType must be \
                PrimaryOnly, ArchiveOnly or PrimaryAndArchive; BadItemLimit and LargeItemLimit \
                must be Unlimited or a whole number from 0 to 2147483647.
                """,
            behaviour: "The migration service validates these per-user overrides and fails the row when one cannot be parsed.",
            example: "EmailAddress,MailboxType,BadItemLimit\r\npilar@contoso.com,Archive,ten",
            fix: "Use one of the allowed values, or leave the cell empty to use the batch's setting."),
    ]

    // MARK: Booleans

    private static let booleans: [RuleDescriptor] = [
        RuleDescriptor(
            code: .notBoolean, defaultSeverity: .error,
            title: "Not a Boolean",
            summary: """
                ForceChangePassword is neither True nor False (case-insensitive, surrounding \
                whitespace allowed, as .NET's bool.TryParse reads it). Localized and informal \
                forms such as WAAR/ONWAAR, WAHR/FALSCH, VRAI/FAUX, yes/no and 1/0 get a suggestion.
                """,
            behaviour: """
                The value is parsed as a .NET Boolean, which only knows "True" and "False"; Excel \
                in a Dutch, German or French locale writes its own words for TRUE and FALSE.
                """,
            example: "EmailAddress,Password,ForceChangePassword\r\npilar@contoso.com,********,WAAR",
            fix: "Write True or False, or leave the cell empty to use the default."),
    ]

    // MARK: Passwords

    private static let passwords: [RuleDescriptor] = [
        RuleDescriptor(
            code: .passwordLength, defaultSeverity: .error,
            title: "Password length",
            summary: "The password is shorter than 8 or longer than 256 characters. The password is never shown.",
            behaviour: """
                The Microsoft 365 (Microsoft Entra ID) password policy requires 8 to 256 \
                characters; the password cannot be set on the cloud account.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com,Ab1!   <- 4 characters",
            fix: "Set a password of at least 8 characters, or leave Password empty."),
        RuleDescriptor(
            code: .passwordClasses, defaultSeverity: .error,
            title: "Password too simple",
            summary: """
                The password uses fewer than three of the four character classes: lowercase \
                letters, uppercase letters, digits and symbols.
                """,
            behaviour: "The Microsoft 365 password policy requires three of the four classes; a simpler password is refused.",
            example: "EmailAddress,Password\r\npilar@contoso.com,abcdefghij   <- lowercase only",
            fix: "Use a password with at least three classes, e.g. a long passphrase with a digit and a capital."),
        RuleDescriptor(
            code: .passwordCharacter, defaultSeverity: .error,
            title: "Password character not allowed",
            summary: """
                The password contains a character outside the allowed set (A-Z a-z 0-9 \
                @ # $ % ^ & * - _ ! + = [ ] { } | \\ : ' , . ? / ` ~ " ( ) ; < > and space). The \
                message gives its position and class, never the character.
                """,
            behaviour: """
                The Microsoft 365 password policy allows only these characters; Unicode letters \
                such as é or € are refused.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com,Fake€Example1   <- '€' is not allowed",
            fix: "Replace the character with an allowed one."),
        RuleDescriptor(
            code: .passwordWhitespace, defaultSeverity: .error,
            title: "Whitespace around a password",
            summary: "The password starts or ends with a space or TAB.",
            behaviour: """
                The value is used exactly as written, so the user's password would include the \
                space, which nobody types; it is almost always a copy-and-paste accident.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com, ********",
            fix: "Remove the leading or trailing whitespace."),
        RuleDescriptor(
            code: .bannedPassword, defaultSeverity: .warning,
            title: "Banned or common password",
            summary: """
                After Entra-style normalization (lowercase; 0->o, 1->l, $->s, @->a, 3->e, 5->s, \
                7->t, 4->a) and allowing one edit, the password is built on a banned term (common \
                passwords, months and seasons in English, Dutch, German and French, the tenant \
                name, the configured list) and scores under 5 points.
                """,
            behaviour: """
                Microsoft Entra Password Protection rejects passwords built on its global banned \
                list and the tenant's custom list, scoring 1 point per banned term and 1 per other \
                character, 5 points required; such a password is also the first one an attacker \
                tries.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com,P@ssw0rd1   <- 'password' after normalization",
            fix: "Generate a random password for each user."),
        RuleDescriptor(
            code: .passwordContainsName, defaultSeverity: .warning,
            title: "Password contains the user name",
            summary: "The password contains the mailbox's local part (when it has 4 characters or more), compared case-insensitively.",
            behaviour: """
                Active Directory complexity rules reject passwords that contain the account name, \
                and Entra Password Protection treats the user's name as a banned term; it is an \
                easy guess either way.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com,Pilar2024!Fake",
            fix: "Use a password that does not contain the user's name."),
        RuleDescriptor(
            code: .sharedPassword, defaultSeverity: .warning,
            title: "Shared password",
            summary: "The same password is set for more than one mailbox. The message says how many, never which.",
            behaviour: """
                Microsoft accepts it, but anyone who learns one user's initial password can sign \
                in as every other user with it until they change it.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com,********\r\njo@contoso.com,********   <- same value",
            fix: "Give every user a distinct random password and set ForceChangePassword to True (unless AD FS SSO is used)."),
    ]

    // MARK: Single sign-on

    private static let singleSignOn: [RuleDescriptor] = [
        RuleDescriptor(
            code: .forceChangeUnderSSO, defaultSeverity: .error,
            title: "ForceChangePassword under single sign-on",
            summary: "ForceChangePassword is True while the check was told that AD FS single sign-on is deployed (--sso).",
            behaviour: """
                Microsoft's staged migration documentation says that with single sign-on through \
                AD FS, ForceChangePassword must be False: federated users sign in with their \
                on-premises password, cannot change a cloud password, and the migration fails for \
                the row.
                """,
            example: "EmailAddress,Password,ForceChangePassword\r\npilar@contoso.com,,True",
            fix: "Set ForceChangePassword to False (or leave it empty) for federated users."),
        RuleDescriptor(
            code: .passwordUnderSSO, defaultSeverity: .warning,
            title: "Password set under single sign-on",
            summary: "A Password is given while AD FS single sign-on is deployed (--sso).",
            behaviour: """
                Federated users authenticate through AD FS with their on-premises password, so the \
                cloud password in the CSV is never used; keeping it in the file only exposes a \
                secret.
                """,
            example: "EmailAddress,Password,ForceChangePassword\r\npilar@contoso.com,********,False",
            fix: "Leave the Password column empty, or remove it."),
    ]

    // MARK: Security

    private static let security: [RuleDescriptor] = [
        RuleDescriptor(
            code: .formulaInjection, defaultSeverity: .warning,
            title: "Value starts like a formula",
            summary: "A value starts with =, +, -, @, TAB or CR.",
            behaviour: """
                Excel and other spreadsheets run such a cell as a formula when the CSV is opened \
                (CSV injection), which can leak data or run commands on the administrator's \
                machine; Microsoft does not need it in any migration value.
                """,
            example: "EmailAddress,Password\r\npilar@contoso.com,=HYPERLINK(\"http://example.invalid\")",
            fix: "Remove the leading character, or check where the value came from."),
        RuleDescriptor(
            code: .worldReadable, defaultSeverity: .warning,
            title: "Password file readable by everyone",
            summary: "The file holds passwords and every user of the machine can read it (POSIX mode o+r).",
            behaviour: """
                Migration CSVs with initial passwords give access to every mailbox in them until \
                the users change their passwords; they should be readable only by the \
                administrator.
                """,
            example: "-rw-r--r--  batch.csv   (EmailAddress,Password,...)",
            fix: "Run chmod 600 on the file (csvcheck split writes mode 0600) and delete it after the migration."),
    ]
}
