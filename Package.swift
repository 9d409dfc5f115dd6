// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "csvcheck",
    products: [
        .library(name: "CSVCheck", targets: ["CSVCheck"]),
        .library(name: "CSVCore", targets: ["CSVCore"]),
        .executable(name: "csvcheck", targets: ["csvcheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: The only door to ICU
        // System library: the headers of ICU from Debian's libicu-dev (in /usr/include). Not
        // linked (no pkg-config, whose flags would link it): CICUShim opens ICU's libraries
        // on first use (Sources/CICUShim/icu_entry_points.h).
        .systemLibrary(name: "CICU"),
        // C shim: ICU headers appear only in its .c files; its public header uses plain C types,
        // so Swift never sees ICU's declarations (they clash with Foundation's own ICU).
        .target(name: "CICUShim", dependencies: ["CICU"]),

        // Tiny C helpers that Swift has no spelling for (a cache prefetch hint, SSE2 byte
        // compares for the tokenizer, SHA-NI, huge-page table memory).
        .target(name: "CSupport"),

        // MARK: Libraries
        // No Foundation, no ICU: the RFC 4180 state machine, positions, dialect sniffing.
        .target(name: "CSVCore", dependencies: ["CSupport"]),
        // The library users import: decoding, rules, profiles, diagnostics, output, split.
        .target(
            name: "CSVCheck",
            dependencies: ["CSVCore", "CICUShim", "CSupport"]
        ),

        // MARK: The command-line tool (flags, config, exit codes; no logic of its own)
        .executableTarget(
            name: "csvcheck",
            dependencies: [
                "CSVCheck",
                "CSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release builds carry the Swift runtime inside the binary: the dynamic loader
            // binding libswiftCore and its neighbours was most of every run's start-up
            // (`--version` 10.8 ms with them as shared libraries, 5.0 ms with these flags, `perf
            // stat`, Benchmarks/README.md). FoundationEssentials
            // (ArgumentParser's) needs its two support libraries named in one group; lld links
            // it without the warnings gold prints for glibc's mktemp.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-use-ld=lld", "-Xlinker", "--start-group", "-l_FoundationCShims",
                        "-l_FoundationCollections", "-lFoundationEssentials", "-Xlinker", "--end-group",
                    ], .when(configuration: .release))
            ]
        ),

        // MARK: Tests
        .testTarget(name: "CSVCoreTests", dependencies: ["CSVCore"]),
        .testTarget(name: "CSVCheckTests", dependencies: ["CSVCheck", "CSVCore"]),
        .testTarget(name: "CLITests", dependencies: ["CSVCheck"]),
    ],
    swiftLanguageModes: [.v6]
)
