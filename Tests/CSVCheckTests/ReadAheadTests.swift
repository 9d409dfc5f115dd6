@testable import CSVCheck
import Foundation
import Testing

/// The read-ahead ring hands over exactly the bytes of the file, in order, in the chunks a
/// plain read loop gets; an error comes out of `next()`; and a ring dropped before the end
/// stops its thread.
@Suite("Read-ahead")
struct ReadAheadTests {
    /// Small chunks, so that the ring of ``ReadAhead/slots`` buffers wraps around many times.
    static let chunk = 4096

    static func scratchFile(_ bytes: [UInt8]) throws -> (folder: URL, path: String) {
        let folder = try makeTemporaryDirectory()
        let path = try writeFile(bytes, named: "input.csv", in: folder)
        return (folder, path)
    }

    static func bytes(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    @Test(arguments: [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 17, (ReadAhead.slots + 1) * chunk, 40 * chunk + 5])
    func chunksAreTheFileInOrder(size: Int) throws {
        let expected = Self.bytes(size)
        let (folder, path) = try Self.scratchFile(expected)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ring = ReadAhead(source: try ByteSource(path: path), chunkSize: Self.chunk)
        var seen: [UInt8] = []
        var sizes: [Int] = []
        while let chunk = try ring.next() {
            seen += chunk
            sizes.append(chunk.count)
        }
        #expect(seen.count == expected.count)
        let same = seen == expected  // a Boolean: the lists would fill the failure's message
        #expect(same, "the chunks are not the file's bytes in order")
        // A regular file fills every chunk but the last.
        #expect(sizes.dropLast().allSatisfy { $0 == Self.chunk })
        #expect(sizes.count == (size + Self.chunk - 1) / Self.chunk)
        // After the end, still the end.
        #expect(try ring.next() == nil)
    }

    @Test func aReadErrorComesOutOfNext() throws {
        // Reading /proc/self/mem at offset 0 fails (the page at address 0 is not mapped).
        let ring = ReadAhead(source: try ByteSource(path: "/proc/self/mem"), chunkSize: Self.chunk)
        var thrown: InputError?
        do throws(InputError) { _ = try ring.next() } catch { thrown = error }
        let error = try #require(thrown)
        #expect(error.description.contains("/proc/self/mem"))
        #expect(try ring.next() == nil)
    }

    @Test(arguments: [0, 1, 3])
    func aRingDroppedEarlyStopsItsThread(taking chunks: Int) async throws {
        let (folder, path) = try Self.scratchFile(Self.bytes(64 * Self.chunk))
        defer { try? FileManager.default.removeItem(at: folder) }
        var ring: ReadAhead? = ReadAhead(source: try ByteSource(path: path), chunkSize: Self.chunk)
        for _ in 0..<chunks { #expect(try ring?.next()?.count == Self.chunk) }
        // The reading thread holds the shared ring until it returns: once the handle is gone,
        // the ring is freed only if that thread stopped (it was waiting for a free slot).
        weak let shared = ring?.ring
        ring = nil
        let deadline = ContinuousClock.now + .seconds(5)
        while shared != nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(shared == nil, "the reading thread did not stop")
    }

    @Test func aLargeFileChecksAsItsBytes() throws {
        // Over ReadAhead.minimumFileSize, so `check(path:)` reads it on the other thread; long
        // local parts keep the row count (and the test's time) down.
        let padding = String(repeating: "x", count: 50)
        var text = "EmailAddress,Password,ForceChangePassword\r\n"
        var row = 0
        while text.utf8.count < ReadAhead.minimumFileSize + 100_000 {
            let email = row % 997 == 5 ? "user\(row).\(padding).contoso.com" : "user\(row).\(padding)@contoso.com"
            text += "\(email),Xy7#kLm2pQ\(row),False\r\n"
            row += 1
        }
        let bytes = Array(text.utf8)
        let (folder, path) = try Self.scratchFile(bytes)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = CheckOptions()
        options.maxRows = 10_000_000
        // Two checkers: one remembers the addresses of the files it checked (DUP002).
        let fromPath = try Checker(options: options).check(path: path)
        let fromBytes = Checker(options: options).check(bytes: bytes, name: path)
        let malformed = fromPath.diagnostics.filter { $0.code == .malformedAddress }
        #expect(malformed.count == (row + 991) / 997)
        #expect(malformed.count == fromPath.diagnostics.count)
        #expect(fromPath.rows == row)
        // One Boolean, not the two lists: a failure would print thousands of diagnostics.
        let same = fromPath.diagnostics == fromBytes.diagnostics && fromPath.rows == fromBytes.rows
        #expect(same)
    }
}
