import Testing

@testable import CSVCheck

// The order of a row's diagnostics as they are handed out: by field, and within a field in the
// order the rules ran (text rules, then the value rules, then the tables). The worker's
// findings of a row are emitted from its own list when they are all the row has, and merged
// with the table's (DUP001) otherwise; both ways must give this order.

@Suite("Findings of a row, in field order")
struct FindingOrderTests {
    /// The codes and fields of the diagnostics of `rows` (after the staged header and a Notes
    /// column), in the order the checker handed them out.
    private func handedOut(_ rows: [String]) -> [String] {
        let text = ([stagedHeader + ",Notes"] + rows).joined(separator: "\r\n") + "\r\n"
        let report = Checker(options: options(allowUnknown: true)).check(bytes: Array(text.utf8), name: "case.csv")
        return report.diagnostics.filter { ($0.location.row ?? 0) > 0 }
            .map { "\($0.location.row!):\($0.code.rawValue)@\($0.location.column ?? 0)" }
    }

    @Test func workerFindingsAloneAreSortedByField() {
        // The text rules find SEC001 (address), ENC005 (password) and CSV008 (Notes) before the
        // address rule's EML005 and the password rule's PWD003.
        let found = handedOut(["+a@contoso.onmicrosoft.com,Qx7#mLp2\u{A0}vR!a,False, x"])
        #expect(found == ["1:SEC001@1", "1:EML005@4", "1:ENC005@36", "1:PWD003@36", "1:CSV008@48"])
    }

    @Test func tableFindingsFollowTheWorkersInTheirField() {
        let found = handedOut([
            "b@contoso.com,\(goodPassword),False,x",
            "+b@contoso.com,\(goodPassword),False, x",
            "B@contoso.com,Qx7#mLp2\u{A0}vR!a,False, x",
            "+b@contoso.com,Zk8!pQ2#wLr5,False,x",
        ])
        #expect(
            found == [
                // Row 2: "+b@..." is another address; its password is row 1's (PWD007, the
                // table's) between the worker's findings of fields 0 and 3.
                "2:SEC001@1", "2:PWD007@16", "2:CSV008@35",
                // Row 3: DUP001 (the table) after the worker's findings of the same field.
                "3:DUP001@1", "3:ENC005@23", "3:PWD003@23", "3:CSV008@35",
                // Row 4: row 2's address again; the table's DUP001 after the text rule's
                // SEC001 of the same field.
                "4:SEC001@1", "4:DUP001@1",
            ])
    }
}
