internal import ArgumentParser
internal import ChainDeskBench
internal import ChainDeskStore
internal import Foundation

struct StoreWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-writer",
        abstract: "Writes interactions from concurrent writers and prints each id once it is acknowledged (durable).",
        discussion: "Used to check durability: kill it at any moment; every printed id must be in the store afterwards."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Concurrent writers.") var writers = 8
    @Option(help: "Seconds to write for.") var seconds = 30.0
    @Option(help: "A prefix for the ids written.") var prefix = "ack"

    func run() async throws {
        let opened = try Store(path: self.store.path)
        _ = try await StoreBenchmark.mutationRate(
            store: opened,
            writers: self.writers,
            seconds: self.seconds,
            prefix: self.prefix
        ) { id in
            // Unbuffered: an id is printed only after its commit, and nothing printed can be lost in a buffer.
            FileHandle.standardOutput.write(Data((id + "\n").utf8))
        }
    }
}
