internal import ArgumentParser
internal import ChainDeskConformance
internal import Foundation

/// Options shared by `run` and `list`: where the golden vectors are.
struct SuiteOptions: ParsableArguments {
    @Option(name: .long, help: "The vector directory (default: Protocol/vectors here or in a parent directory).")
    var dir: String?

    func cases(matching names: [String]) throws -> [LiveCase] {
        guard let directory = self.dir.map({ URL(fileURLWithPath: $0) }) ?? VectorSuite.defaultDirectory() else {
            throw ValidationError("no Protocol/vectors directory here or above; pass --dir")
        }
        let vectors: [VectorFile]
        do {
            vectors = try VectorFile.loadAll(from: directory)
        } catch {
            throw ValidationError("\(error)")
        }
        let all = LiveSuite.cases(vectors: vectors, dictionaries: VectorSuite.dictionaries(besides: directory))
        guard !names.isEmpty else { return all }
        let chosen = all.filter { candidate in names.contains { candidate.name == $0 || candidate.name.hasPrefix($0) } }
        guard !chosen.isEmpty else {
            throw ValidationError("no case is named or starts with \(names.joined(separator: ", "))")
        }
        return chosen
    }
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Checks a running server against the specification over raw TCP.",
        discussion: """
            Every case cites the section of Protocol/SPEC.md and the requirement it checks. Cases that need the \
            protocol's test service (ids 1–9) are skipped when the server does not serve it (chaindesk-server \
            --test-service). Exits non-zero if any case fails.
            """
    )

    @Option(help: "The server, host:port.") var server: String
    @Option(help: "text, json or junit.") var format = "text"
    @Option(help: "How many early PINGs the server tolerates (chaindesk-server: 3); ping.flood then checks the count.")
    var pingStrikes: Int?
    @OptionGroup var suite: SuiteOptions
    @Argument(help: "Only these cases (a name or the start of one); all when none is given.") var cases: [String] = []

    func validate() throws {
        guard ["text", "json", "junit"].contains(self.format) else {
            throw ValidationError("--format must be text, json or junit")
        }
        guard self.target != nil else { throw ValidationError("--server must be host:port") }
        if let strikes = self.pingStrikes, strikes < 0 { throw ValidationError("--ping-strikes must be 0 or more") }
    }

    var target: LiveTarget? {
        let parts = self.server.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65_535).contains(port) else { return nil }
        return LiveTarget(host: String(parts[0]), port: port, pingStrikes: self.pingStrikes)
    }

    func run() async throws {
        let cases = try self.suite.cases(matching: self.cases)
        var results: [LiveResult] = []
        for live in cases { results.append(await live.check(self.target!)) }
        try Self.report(results, format: self.format, against: self.server)
    }

    /// Prints results in `format`; exits non-zero when any failed.
    static func report(_ results: [LiveResult], format: String, against target: String) throws {
        let failed = results.count { $0.outcome == .failed }
        let passed = results.count { $0.outcome == .passed }
        let skipped = results.count { $0.outcome == .skipped }
        switch format {
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        case "junit":
            print(Self.junit(results))
        default:
            for result in results {
                let mark = result.outcome == .passed ? "PASS" : result.outcome == .failed ? "FAIL" : "SKIP"
                print("\(mark)  \(result.name)  (\(result.section))")
                if result.outcome != .passed { print("        \(result.detail)") }
            }
            print("conformance: \(passed) passed, \(failed) failed, \(skipped) skipped against \(target)")
        }
        if failed > 0 { throw ExitCode.failure }
    }

    /// The results as a JUnit XML report, a test case per check.
    static func junit(_ results: [LiveResult]) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuite name=\"chaindesk-conformance\" tests=\"\(results.count)\" "
                + "failures=\"\(results.count { $0.outcome == .failed })\" "
                + "skipped=\"\(results.count { $0.outcome == .skipped })\">",
        ]
        for result in results {
            let head =
                "  <testcase classname=\"\(escape(result.section))\" name=\"\(escape(result.name))\" "
                + "time=\"\(String(format: "%.3f", result.seconds))\""
            switch result.outcome {
            case .passed: lines.append(head + "/>")
            case .failed:
                lines.append(head + ">")
                lines.append(
                    "    <failure message=\"\(escape(result.detail))\">\(escape(result.requirement))</failure>"
                )
                lines.append("  </testcase>")
            case .skipped:
                lines.append(head + ">")
                lines.append("    <skipped message=\"\(escape(result.detail))\"/>")
                lines.append("  </testcase>")
            }
        }
        lines.append("</testsuite>")
        return lines.joined(separator: "\n")
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists every case with the section and requirement it checks."
    )
    @OptionGroup var suite: SuiteOptions

    func run() throws {
        for live in try self.suite.cases(matching: []) {
            print("\(live.name)  (\(live.section))\n        \(live.requirement)")
        }
    }
}
