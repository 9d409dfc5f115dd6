// swift-tools-version: 6.0
// Benchmarks live in their own package so their code and dependencies never reach users.
import PackageDescription

let package = Package(
    name: "csvcheck-benchmarks",
    dependencies: [.package(name: "csvcheck", path: "..")],
    targets: [
        .executableTarget(
            name: "csvcheck-bench",
            dependencies: [
                .product(name: "CSVCore", package: "csvcheck"),
                .product(name: "CSVCheck", package: "csvcheck"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
