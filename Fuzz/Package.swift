// swift-tools-version: 6.0
// libFuzzer targets live in their own package, like the benchmarks, so they never reach users.
// Build and run them with scripts/fuzz.sh (it passes -sanitize=fuzzer,address).
import PackageDescription

let package = Package(
    name: "csvcheck-fuzz",
    dependencies: [.package(name: "csvcheck", path: "..")],
    targets: [
        // C entry points that hand over to libFuzzer's driver (see entry.c).
        .target(name: "FuzzMain"),
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "CSVCore", package: "csvcheck"),
                .product(name: "CSVCheck", package: "csvcheck"),
            ]
        ),
        // Decoding and tokenizing, fed in random chunk sizes.
        .executableTarget(
            name: "FuzzTokenize",
            dependencies: [
                "FuzzMain",
                "FuzzSupport",
                .product(name: "CSVCore", package: "csvcheck"),
                .product(name: "CSVCheck", package: "csvcheck"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        // The whole check, rendered in every output format; no password may appear.
        .executableTarget(
            name: "FuzzCheck",
            dependencies: [
                "FuzzMain",
                "FuzzSupport",
                .product(name: "CSVCore", package: "csvcheck"),
                .product(name: "CSVCheck", package: "csvcheck"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        // The configuration reader: any text read or refused, errors naming a line of it.
        .executableTarget(
            name: "FuzzConfig",
            dependencies: ["FuzzMain", "FuzzSupport", .product(name: "CSVCheck", package: "csvcheck")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
