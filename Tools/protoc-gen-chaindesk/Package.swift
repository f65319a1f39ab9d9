// swift-tools-version: 6.1
// The protoc plugin that turns each rpc's declaration (Protocol/chaindesk/v1/options.proto) into the method table of
// Modules/API/Generated. Built and run only by Tools/generate-protos.sh; the main package never builds it.

import PackageDescription

let package = Package(
    name: "protoc-gen-chaindesk",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ChainDesk", path: "../.."),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "protoc-gen-chaindesk",
            dependencies: [
                .product(name: "ChainDeskProto", package: "ChainDesk"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "SwiftProtobufPluginLibrary", package: "swift-protobuf"),
            ],
            path: "Sources",
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
