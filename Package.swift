// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "workplace-report",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "workplace-report", targets: ["workplace-report"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The C library, seen through pkg-config. Only the XLSX target imports it.
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // A small, safe Swift layer over libxlsxwriter: one owner, every lxw_error checked.
        .target(name: "XLSX", dependencies: ["CXlsxWriter"]),
        // The values every stage shares: calendar dates, access records, the query.
        .target(name: "WorkplaceModel"),
        // The file formats: snapshot reader/writer and the raw-input decoder; no HTTP stack.
        .target(name: "WorkplaceFiles", dependencies: ["WorkplaceModel"]),
        // fetch: token, limiter, retries, pager, shards.
        .target(
            name: "FeishuAPI",
            dependencies: [
                "WorkplaceModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The simulated Feishu Open API (a real HTTP server on loopback).
        .target(
            name: "FeishuSimulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // deliver: the card and the workbook into Feishu chats (IM API) and to a group's custom bot.
        .target(
            name: "FeishuDelivery",
            dependencies: [
                "FeishuAPI",
                "WorkplaceModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The history store: daily records and what was fetched when, in SQLite through GRDB; no HTTP stack.
        .target(
            name: "WorkplaceStore",
            dependencies: ["WorkplaceModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // aggregate: pure values and functions, no I/O.
        .target(name: "WorkplaceAnalytics", dependencies: ["WorkplaceModel"]),
        // render: xlsx / html / md / json from the report model.
        .target(
            name: "WorkplaceRendering",
            dependencies: [
                "WorkplaceAnalytics",
                "XLSX",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The command line: wiring, and the one place errors become exit codes.
        .executableTarget(
            name: "workplace-report",
            dependencies: [
                "FeishuAPI",
                "FeishuDelivery",
                "FeishuSimulator",
                "WorkplaceFiles",
                "WorkplaceStore",
                "WorkplaceAnalytics",
                "WorkplaceRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The benchmark: report rendering beside the Python peer and the native floor, and the fetch rate.
        .executableTarget(
            name: "workplace-bench",
            dependencies: [
                "FeishuAPI",
                "FeishuSimulator",
                "WorkplaceFiles",
                "WorkplaceModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Helpers shared by the test targets (a seeded generator); never linked into a product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "XLSXTests", dependencies: ["XLSX"]),
        .testTarget(
            name: "WorkplaceAnalyticsTests",
            dependencies: [
                "WorkplaceAnalytics",
                "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "FeishuAPITests", dependencies: ["FeishuAPI", "FeishuSimulator", "TestSupport"]),
        .testTarget(
            name: "FeishuDeliveryTests",
            dependencies: [
                "FeishuDelivery", "FeishuAPI", "FeishuSimulator",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "WorkplaceFilesTests", dependencies: ["WorkplaceFiles", "WorkplaceModel", "TestSupport"]),
        .testTarget(
            name: "WorkplaceStoreTests",
            dependencies: [
                "WorkplaceStore", "WorkplaceModel", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "WorkplaceRenderingTests", dependencies: ["WorkplaceRendering", "WorkplaceModel"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "workplace-report", "FeishuSimulator", "WorkplaceModel", "WorkplaceStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every Swift target: existentials spelled `any P`, and a member used only where its module is imported.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
