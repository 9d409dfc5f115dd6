@testable import CSVCheck
import Foundation
import Testing

// Batch files after the first are created on the writing queue. A creation that fails there
// is reported as the file's I/O error (split then exits 2 and commits nothing), and a file
// discarded before its queued creation ran leaves no temporary behind.

@Suite("Atomic files")
struct AtomicFileTests {
    /// The failure surfaces either from the next call that hands bytes over (once the queue has
    /// tried to create the file) or as ``AtomicFile/ioError`` after the queue is drained.
    @Test func deferredCreationFailureIsAnIOError() throws {
        let queue = IOQueue()
        let file = try AtomicFile(path: "/nonexistent-csvcheck-folder/batch-2.csv", queue: queue, deferred: true)
        var thrown: SplitError?
        do throws(SplitError) {
            try file.append(Array("EmailAddress\r\n".utf8))
            try file.close()
        } catch {
            thrown = error
        }
        queue.wait()
        let error = try #require(thrown ?? file.ioError)
        #expect(error.description.contains("cannot create '/nonexistent-csvcheck-folder/batch-2.csv'"))
        #expect(file.ioError != nil)
    }

    /// Once the queue has failed to create the file, handing it bytes throws that error.
    @Test func writingAfterAFailedCreationThrows() throws {
        let queue = IOQueue()
        let file = try AtomicFile(path: "/nonexistent-csvcheck-folder/batch-3.csv", queue: queue, deferred: true)
        queue.wait()
        try file.append(Array("EmailAddress\r\n".utf8))
        #expect(throws: SplitError.self) { try file.close() }
    }

    @Test func discardBeforeDeferredCreationLeavesNothing() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = IOQueue()
        let path = folder.appendingPathComponent("batch-2.csv").path
        let file = try AtomicFile(path: path, queue: queue, deferred: true)
        file.discard()
        queue.wait()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func deferredFileCommitsLikeAnImmediateOne() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = IOQueue()
        let path = folder.appendingPathComponent("batch-2.csv").path
        let file = try AtomicFile(path: path, queue: queue, deferred: true)
        try file.append(Array("EmailAddress\r\na@contoso.com\r\n".utf8))
        try file.close()
        queue.wait()
        #expect(file.ioError == nil)
        try file.commit(force: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "EmailAddress\r\na@contoso.com\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["batch-2.csv"])
    }
}
