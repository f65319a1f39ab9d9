internal import ArgumentParser
internal import ChainDeskConformance
internal import Foundation

struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Replays the golden vectors of Protocol/vectors through the ChainDesk codec.",
        discussion: """
            Every vector is decoded whole and compared with its expected frames, messages or error; valid frames \
            are re-encoded and compared byte for byte. Exits non-zero if any vector fails.
            """
    )

    @Option(name: .long, help: "The vector directory (default: Protocol/vectors here or in a parent directory).")
    var dir: String?

    @Flag(name: .long, help: "Also feed every input cut in two at every byte offset.")
    var everySplit = false

    @Flag(name: .shortAndLong, help: "List every vector, not only failures.")
    var verbose = false

    func run() throws {
        guard let directory = self.dir.map({ URL(fileURLWithPath: $0) }) ?? VectorSuite.defaultDirectory() else {
            throw ValidationError("no Protocol/vectors directory here or above; pass --dir")
        }
        let suite: VectorSuite
        do {
            suite = try VectorSuite.run(directory: directory, everySplit: self.everySplit)
        } catch {
            throw ValidationError("\(error)")
        }
        for result in suite.results where self.verbose || !result.passed {
            print("\(result.passed ? "PASS" : "FAIL")  \(result.file) \(result.name)  (§\(result.section))")
            for problem in result.problems { print("        \(problem)") }
        }
        print("vectors: \(suite.passed) passed, \(suite.failed) failed")
        if suite.failed > 0 { throw ExitCode.failure }
    }
}
