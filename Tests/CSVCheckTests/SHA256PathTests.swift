@testable import CSVCheck
import Testing

// SHA-256 runs on the CPU's SHA instructions when it has them (CSupport) and on portable
// Swift rounds otherwise. SplitTests compares the default path with coreutils' sha256sum; this
// compares the two paths with each other, and the portable one with known digests.

@Suite("SHA-256 paths")
struct SHA256PathTests {
    private func digest(_ bytes: [UInt8], cpu: Bool, piece: Int) -> String {
        var hash = SHA256()
        hash.usesCPUInstructions = cpu
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            hash.update(Array(bytes[offset..<end]))
            offset = end
        }
        return hash.finalize().hexString
    }

    @Test(arguments: [("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                      ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")])
    func portableRoundsMatchKnownDigests(message: String, expected: String) {
        #expect(digest(Array(message.utf8), cpu: false, piece: 7) == expected)
        if SHA256.cpuHasSHA { #expect(digest(Array(message.utf8), cpu: true, piece: 7) == expected) }
    }

    @Test(.enabled(if: SHA256.cpuHasSHA, "this CPU has no SHA instructions"))
    func cpuInstructionsMatchPortableRounds() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in [1, 63, 64, 65, 127, 128, 1_000, 4_096, 100_003] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length)
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 56))
            }
            for piece in [1, 64, 1_000, length] {
                #expect(digest(bytes, cpu: true, piece: piece) == digest(bytes, cpu: false, piece: length), "\(length) by \(piece)")
            }
        }
    }
}
