import ChainDeskDomain
import ChainDeskStore
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
import ChainDeskTesting
#endif

@Suite("Store: a writer killed mid-write")
struct CrashTests {
    @Test("kill -9 during concurrent writes loses no acknowledged mutation and leaves none half-written")
    func killNine() async throws {
        let temporary = try await seededStore()
        let path = temporary.path
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "chaindesk-bench"
        )
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the package first: \(binary.path)"
        )

        let process = Process()
        process.executableURL = binary
        process.arguments = ["store-writer", "--path", path, "--writers", "8", "--seconds", "60", "--prefix", "crash"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()

        var output = Data()
        let reader = pipe.fileHandleForReading
        while output.filter({ $0 == UInt8(ascii: "\n") }).count < 400 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        output.append(reader.readDataToEndOfFile())
        process.waitForExit()
        #expect(process.terminationReason == .uncaughtSignal)

        // Only whole lines were acknowledged.
        var text = String(decoding: output, as: UTF8.self)
        if !text.hasSuffix("\n"), let last = text.lastIndex(of: "\n") { text = String(text[...last]) }
        let acknowledged = Set(text.split(separator: "\n").map(String.init))
        #expect(acknowledged.count >= 400)

        let reopened = try await temporary.reopen()
        let check: [String] = try await reopened.read { db in try db.values("PRAGMA integrity_check") }
        #expect(check == ["ok"])
        let stored = Set(try await reopened.fetchAll(Interaction.self).map(\.id.rawValue))
        #expect(acknowledged.isSubset(of: stored), "lost: \(acknowledged.subtracting(stored).sorted().prefix(5))")
        // Every stored interaction is whole: its change row and its audit rows are there, and no change row
        // points at an interaction that is not.
        let orphans = try await reopened.read { db in
            (
                try db.value(
                    "SELECT count(*) FROM interaction WHERE id NOT IN (SELECT recordID FROM change WHERE entity = 'interaction')"
                ) ?? -1,
                try db.value(
                    "SELECT count(*) FROM change WHERE entity = 'interaction' AND recordID NOT IN (SELECT id FROM interaction)"
                ) ?? -1,
                try db.value(
                    "SELECT count(*) FROM interaction WHERE id NOT IN (SELECT recordID FROM audit WHERE entity = 'interaction' AND field = 'summary')"
                ) ?? -1
            )
        }
        #expect(orphans == (0, 0, 0))
    }
}
