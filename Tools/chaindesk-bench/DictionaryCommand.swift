internal import ArgumentParser
internal import ChainDeskBench
internal import Foundation

struct DictionaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dictionary",
        abstract: "Trains the CRM compression dictionary, or measures one, per message type.",
        discussion: """
            Collects real messages from a demo office and a synthetic one served in-process, trains on every other \
            message of each type and measures on the rest: plain size, zlib, zlib with the dictionary.
            """
    )

    @Option(help: "Write a newly trained dictionary here (Protocol/dictionaries/crm-vN.dict).") var train: String?
    @Option(help: "Measure this dictionary file (default: the one just trained).") var dictionary: String?
    @Option(help: "The dictionary's size limit, bytes (zlib allows 32,768).") var size = 32_768
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (self.train == nil) != (self.dictionary == nil) else {
            throw ValidationError("give --train OUT to train one, or --dictionary FILE to measure one")
        }
        guard (256...32_768).contains(self.size) else { throw ValidationError("--size must be 256–32768") }
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "chaindesk-dict-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = try await CRMDictionaryBench.samples(folder: folder)
        let dictionary: [UInt8]
        if let train {
            dictionary = CRMDictionaryBench.train(CRMDictionaryBench.trainingSet(samples), size: self.size)
            try Data(dictionary).write(to: URL(fileURLWithPath: train))
            FileHandle.standardError.write(Data("wrote \(dictionary.count) bytes to \(train)\n".utf8))
        } else {
            dictionary = [UInt8](try Data(contentsOf: URL(fileURLWithPath: self.dictionary!)))
        }
        let rows = CRMDictionaryBench.measure(samples, dictionary: dictionary)
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        }
        print("type                       samples   plain    zlib  zlib+dict  dict/plain")
        for row in rows {
            print(
                row.type.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + String(
                        format: " %7d %7.0f %7.0f %10.0f %10.0f%%",
                        row.samples,
                        row.plain,
                        row.zlib,
                        row.dictionary,
                        row.ratio * 100
                    )
            )
        }
    }
}
