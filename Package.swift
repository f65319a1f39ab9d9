// swift-tools-version: 6.1

import PackageDescription

let package = Package(
    name: "ChainDesk",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ChainDeskWire", targets: ["ChainDeskWire"]),
        .library(name: "ChainDeskConformance", targets: ["ChainDeskConformance"]),
        .library(name: "ChainDeskDomain", targets: ["ChainDeskDomain"]),
        .library(name: "ChainDeskStore", targets: ["ChainDeskStore"]),
        .library(name: "ChainDeskRPC", targets: ["ChainDeskRPC"]),
        .library(name: "ChainDeskRPCNIO", targets: ["ChainDeskRPCNIO"]),
        .library(name: "ChainDeskRPCProtobuf", targets: ["ChainDeskRPCProtobuf"]),
        .library(name: "ChainDeskProto", targets: ["ChainDeskProto"]),
        .library(name: "ChainDeskTestService", targets: ["ChainDeskTestService"]),
        .library(name: "ChainDeskAPI", targets: ["ChainDeskAPI"]),
        .executable(name: "chaindesk-conformance", targets: ["chaindesk-conformance"]),
        .executable(name: "chaindesk-bench", targets: ["chaindesk-bench"]),
        .executable(name: "chaindesk-server", targets: ["chaindesk-server"]),
        .executable(name: "chaindesk", targets: ["chaindesk"]),
        .library(name: "ChainDeskClient", targets: ["ChainDeskClient"]),
        .library(name: "ChainDeskServer", targets: ["ChainDeskServer"]),
        .library(name: "ChainDeskSheets", targets: ["ChainDeskSheets"]),
        .library(name: "ChainDeskWeb", targets: ["ChainDeskWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        // The node's HTTP side (ChainDeskWeb); its default traits pull in swift-configuration, which it does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // zlib from the system (Debian: libz-dev).
        .systemLibrary(
            name: "CZlib",
            path: "Modules/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["libz-dev"]), .brew(["zlib"])]
        ),

        // The wire protocol: frames, varints, settings, zlib with limits, status codes. No sockets.
        .target(
            name: "ChainDeskWire",
            dependencies: [
                "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Modules/Wire"
        ),

        // Calls over the wire protocol: connections, multiplexing, deadlines, flow control; TCP and in-process.
        .target(
            name: "ChainDeskRPC",
            dependencies: [
                "ChainDeskWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/RPC"
        ),
        // The NIO transports of ChainDeskRPC: TCP and TLS listeners and clients, the shared and the managed client.
        .target(
            name: "ChainDeskRPCNIO",
            dependencies: [
                "ChainDeskRPC",
                "ChainDeskWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/RPCNIO"
        ),
        // Protobuf messages as ChainDeskRPC messages.
        .target(
            name: "ChainDeskRPCProtobuf",
            dependencies: [
                "ChainDeskRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Modules/RPCProtobuf"
        ),

        // Swift generated from Protocol/**/*.proto by Tools/generate-protos.sh (committed).
        .target(
            name: "ChainDeskProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Modules/Proto"
        ),

        // The protocol's test service: typed handlers and client, for tests, conformance and benchmarks.
        .target(
            name: "ChainDeskTestService",
            dependencies: [
                "ChainDeskRPC", "ChainDeskRPCProtobuf",
                "ChainDeskProto",
                "ChainDeskWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Modules/TestService"
        ),

        // The office's data: entities, rules, state machines, validation, report maths. No I/O.
        .target(name: "ChainDeskDomain", path: "Modules/Domain"),

        // Persistence on SQLite: migrations, audit, change feed, search.
        .target(
            name: "ChainDeskStore",
            dependencies: [
                "ChainDeskDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/Store"
        ),

        // The protocol conformance suite: golden vectors and, later, cases against live peers.
        .target(
            name: "ChainDeskConformance",
            dependencies: [
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Modules/Conformance"
        ),

        .executableTarget(
            name: "chaindesk-conformance",
            dependencies: [
                "ChainDeskConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/chaindesk-conformance"
        ),

        // The services' method descriptors, shared by the server and its clients.
        .target(
            name: "ChainDeskAPI",
            dependencies: [
                "ChainDeskRPC", "ChainDeskRPCProtobuf", "ChainDeskProto", "ChainDeskDomain",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Modules/API"
        ),

        // The typed client of the office node and the offline field client's library.
        .target(
            name: "ChainDeskClient",
            dependencies: [
                "ChainDeskAPI",
                "ChainDeskDomain",
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskProto",
                "ChainDeskSheets",
                "ChainDeskWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Modules/Client"
        ),
        .executableTarget(
            name: "chaindesk",
            dependencies: [
                "ChainDeskClient",
                "ChainDeskDomain",
                "ChainDeskSheets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Apps/chaindesk"
        ),

        // The central office node: services over the store, served over RPC.
        .target(
            name: "ChainDeskServer",
            dependencies: [
                "ChainDeskAPI",
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskProto",
                "ChainDeskDomain",
                "ChainDeskStore",
                "ChainDeskWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Modules/Server"
        ),
        // Tables as spreadsheets — CSV with a BOM, Office Open XML workbooks — and the reports as tables. No I/O.
        .target(
            name: "ChainDeskSheets",
            dependencies: ["CZlib", "ChainDeskDomain", "ChainDeskProto"],
            path: "Modules/Sheets"
        ),

        // The node's HTTP side: the 驾驶舱 pages, SVG charts, exports, /health and /metrics.
        .target(
            name: "ChainDeskWeb",
            dependencies: [
                "ChainDeskAPI",
                "ChainDeskDomain",
                "ChainDeskProto",
                "ChainDeskRPC",
                "ChainDeskServer",
                "ChainDeskSheets",
                "ChainDeskStore",
                "ChainDeskWire",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Modules/Web"
        ),
        .executableTarget(
            name: "chaindesk-server",
            dependencies: [
                "ChainDeskDomain",
                "ChainDeskServer",
                "ChainDeskStore",
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskTestService",
                "ChainDeskWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Apps/chaindesk-server"
        ),

        // Benchmarks, measured against baselines in the same run.
        .target(
            name: "ChainDeskBench",
            dependencies: [
                "ChainDeskAPI",
                "ChainDeskClient",
                "ChainDeskServer",
                "ChainDeskStore",
                "ChainDeskDomain",
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskTesting",
                "ChainDeskWeb",
                "ChainDeskWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Modules/Bench"
        ),
        .executableTarget(
            name: "chaindesk-bench",
            dependencies: [
                "ChainDeskBench",
                "ChainDeskStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/chaindesk-bench"
        ),

        // What tests, benchmarks and fuzzers share: the in-process transport, processes, temporary paths,
        // GB18030 text, a development certificate. No production target depends on it.
        .target(
            name: "ChainDeskTesting",
            dependencies: [
                "ChainDeskRPC", "ChainDeskStore", "ChainDeskWire", .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Modules/Testing"
        ),
        .testTarget(
            name: "WireTests",
            dependencies: [
                "ChainDeskWire",
                "CZlib",
                "ChainDeskConformance",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/WireTests"
        ),
        .testTarget(
            name: "RPCTests",
            dependencies: [
                "ChainDeskTesting",
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskTestService",
                "ChainDeskProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                "ChainDeskWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/RPCTests"
        ),
        .testTarget(
            name: "ClientTests",
            dependencies: [
                "ChainDeskTesting",
                "ChainDeskAPI",
                "ChainDeskClient",
                "ChainDeskDomain",
                "ChainDeskProto",
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskWire",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/ClientTests"
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "ChainDeskTesting",
                "ChainDeskAPI",
                "ChainDeskConformance",
                "ChainDeskBench",
                "ChainDeskClient",
                "ChainDeskDomain",
                "ChainDeskServer",
                "ChainDeskStore",
                "ChainDeskRPC", "ChainDeskRPCNIO",
                "ChainDeskProto",
                "ChainDeskWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/ServerTests"
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["ChainDeskDomain"],
            path: "Tests/DomainTests",
            exclude: ["credit-codes.json"]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "ChainDeskTesting",
                "ChainDeskStore",
                "ChainDeskDomain",
                "ChainDeskBench",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/StoreTests"
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "ChainDeskAPI",
                "ChainDeskDomain",
                "ChainDeskProto",
                "ChainDeskServer",
                "ChainDeskStore",
                "ChainDeskTesting",
                "ChainDeskWeb",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/WebTests"
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: [
                "ChainDeskTesting",
                "ChainDeskConformance",
                "ChainDeskWire",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/ConformanceTests"
        ),
    ]
)

// Strict settings for every Swift target.
for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
