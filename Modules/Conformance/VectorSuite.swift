public import Foundation

/// Runs every golden vector in a directory and collects the results, for the CLI and for tests.
public struct VectorSuite: Sendable {
    /// The result of one vector.
    public struct Result: Sendable {
        public var file: String
        public var name: String
        public var section: String
        public var problems: [String]
        public var passed: Bool { self.problems.isEmpty }
    }

    public var results: [Result] = []

    public var passed: Int { self.results.filter(\.passed).count }
    public var failed: Int { self.results.count - self.passed }

    /// Replays every vector of every file in `directory`.
    ///
    /// - Parameter everySplit: also feed each input cut in two at every byte offset, as a slow network would.
    public static func run(directory: URL, everySplit: Bool = false) throws -> VectorSuite {
        var suite = VectorSuite()
        for file in try VectorFile.loadAll(from: directory) {
            for vector in file.vectors {
                var problems = VectorReplay.check(vector, in: file)
                if everySplit, problems.isEmpty {
                    for split in 1..<max(1, vector.input.bytes.count) {
                        problems += VectorReplay.check(vector, in: file, splits: [split])
                        if !problems.isEmpty { break }
                    }
                }
                suite.results.append(
                    Result(file: file.name, name: vector.name, section: vector.section, problems: problems)
                )
            }
        }
        return suite
    }

    /// The default vector directory: `Protocol/vectors` under the current directory or the nearest parent that has one.
    /// The published preset dictionaries (`*.dict` in `Protocol/dictionaries`, beside the vector directory).
    public static func dictionaries(besides vectors: URL) -> [[UInt8]] {
        let folder = vectors.deletingLastPathComponent().appendingPathComponent("dictionaries")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".dict") }.sorted().compactMap { name in
            (try? Data(contentsOf: folder.appendingPathComponent(name))).map { [UInt8]($0) }
        }
    }

    public static func defaultDirectory() -> URL? {
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            let candidate = directory.appendingPathComponent("Protocol/vectors")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }
}
