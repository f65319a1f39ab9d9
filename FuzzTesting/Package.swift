// swift-tools-version: 6.1
// libFuzzer targets for ChainDesk's hostile-input surfaces. Built only by Tools/fuzz.sh, with
// `-sanitize=fuzzer,address` (libFuzzer supplies `main`), so the main package and its tests never build them.

import PackageDescription

let package = Package(
    name: "ChainDeskFuzzing",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ChainDesk", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "FuzzFrames",
            dependencies: [
                .product(name: "ChainDeskWire", package: "ChainDesk"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzSettings",
            dependencies: [
                .product(name: "ChainDeskWire", package: "ChainDesk"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzInflate",
            dependencies: [
                .product(name: "ChainDeskWire", package: "ChainDesk"),
                .product(name: "ChainDeskAPI", package: "ChainDesk"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "FuzzMessages",
            dependencies: [
                .product(name: "ChainDeskProto", package: "ChainDesk"),
                .product(name: "ChainDeskAPI", package: "ChainDesk"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .executableTarget(
            name: "FuzzDomain",
            dependencies: [.product(name: "ChainDeskDomain", package: "ChainDesk")]
        ),
        .executableTarget(
            name: "FuzzConnection",
            dependencies: [
                .product(name: "ChainDeskRPC", package: "ChainDesk"),
                .product(name: "ChainDeskWire", package: "ChainDesk"),
                .product(name: "ChainDeskTestService", package: "ChainDesk"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)

for target in package.targets {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .swiftLanguageMode(.v6),
            .unsafeFlags(["-parse-as-library"]),
        ]
}
