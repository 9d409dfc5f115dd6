import Foundation
import Testing

@testable import CSVCheck

/// EML005 and EML006 messages copied from the last one on the same domain (`DomainMessage`)
/// read exactly as the ones laid out: domains alternating row by row, two domains of the same
/// length, a domain in capitals (a different message), and a long one.
@Suite struct DomainMessageTests {
    /// 194 bytes, labels of 60 (a label has at most 63).
    static let longDomain = ["a", "b", "c"].map { String(repeating: $0, count: 60) }.joined(separator: ".") + ".example.com"
    /// Each row's domain, in turn.
    static let domains = [
        "contoso.onmicrosoft.com", "fabrikam.com", "contoso.onmicrosoft.com", "fabrikam.com", "tailspin.com",
        "fabrikam.com", "FABRIKAM.COM", "contoso.onmicrosoft.com", longDomain, longDomain, "wingtip.com",
    ]

    @Test(arguments: [11, 3_003])
    func messagesMatchTheirDomains(rows: Int) throws {
        var text = "EmailAddress,Password,ForceChangePassword\r\n"
        for i in 0..<rows { text += "user\(i)@\(Self.domains[i % Self.domains.count]),Xk4#pL9q!z,True\r\n" }
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(Array(text.utf8), named: "domains.csv", in: directory)
        var options = CheckOptions()
        options.acceptedDomains = ["contoso.com", "contoso.onmicrosoft.com", "wingtip.com"]
        options.maxRows = 100_000
        let report = try Checker(options: options).check(path: path)

        var expected: [String] = []
        for i in 0..<rows {
            let domain = Self.domains[i % Self.domains.count]
            let lowered = domain.lowercased()
            if lowered.hasSuffix(".onmicrosoft.com") {
                expected.append("\(i + 1) EML005 '\(domain)' is a cloud-only domain; a staged batch needs the on-premises primary SMTP address")
            }
            if !options.acceptedDomains.contains(lowered) {
                expected.append("\(i + 1) EML006 '\(domain)' is not one of the accepted domains")
            }
        }
        let actual = report.diagnostics.filter { ["EML005", "EML006"].contains($0.code.rawValue) }.map {
            "\($0.location.row ?? -1) \($0.code.rawValue) \($0.message)"
        }
        #expect(actual.count == expected.count)
        #expect(actual == expected)
        // Each finding points at the domain: after "user<i>@".
        for diagnostic in report.diagnostics where diagnostic.code.rawValue == "EML006" {
            let row = try #require(diagnostic.location.row)
            #expect(diagnostic.location.column == "user\(row - 1)@".count + 1)
        }
    }
}
