internal import ArgumentParser
internal import ChainDeskStore
internal import Foundation

struct StoreGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-generate",
        abstract: "Writes a deterministic synthetic office into a new store file."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Enterprises to generate (each with a contact; one in five with a project).") var enterprises =
        100_000
    @Option(help: "Interactions to generate.") var interactions = 1_000_000
    @Option(help: "The generator's seed: the same seed gives the same data.") var seed: UInt64 = 2026

    func validate() throws {
        guard self.enterprises > 0, self.interactions >= 0 else {
            throw ValidationError("--enterprises must be positive and --interactions not negative")
        }
        guard !FileManager.default.fileExists(atPath: self.store.path) else {
            throw ValidationError("\(self.store.path) exists; the generator writes a new store")
        }
    }

    func run() async throws {
        let opened = try Store(path: self.store.path)
        let start = Date()
        try await SyntheticData.generate(
            into: opened,
            size: .init(enterprises: self.enterprises, interactions: self.interactions),
            seed: self.seed
        )
        print(
            String(
                format: "generated %d enterprises, %d interactions in %.1f s into %@",
                self.enterprises,
                self.interactions,
                Date().timeIntervalSince(start),
                self.store.path
            )
        )
    }
}
