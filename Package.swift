// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "asyncviz",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "asyncviz", targets: ["asyncviz"]),
        .library(name: "SchedulerSim", targets: ["SchedulerSim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "CPrefetch", path: "Sources/CPrefetch"),
        .target(
            name: "SchedulerSim",
            dependencies: [
                "CPrefetch",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "Sources/SchedulerSim",
            swiftSettings: [
                // The simulator's hot loop touches class-held arrays constantly; dynamic
                // exclusivity checks were ~10% of its time. Debug builds keep them.
                // The asyncviz process drives the simulator from one thread, so release builds
                // use non-atomic reference counting here (W1 100k: 0.94 s -> 0.73 s). Tests run
                // in parallel threads, but in debug builds, which keep atomic counts.
                .unsafeFlags(["-enforce-exclusivity=unchecked", "-Xfrontend", "-assume-single-threaded"], .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "asyncviz",
            dependencies: [
                "SchedulerSim",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/asyncviz"
        ),
        .testTarget(
            name: "SchedulerSimTests",
            dependencies: ["SchedulerSim"],
            path: "Tests/SchedulerSimTests",
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "AsyncvizTests",
            dependencies: ["asyncviz", "SchedulerSim"],
            path: "Tests/AsyncvizTests",
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
