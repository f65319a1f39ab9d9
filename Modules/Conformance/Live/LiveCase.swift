public import ChainDeskWire
public import Foundation
internal import NIOCore

/// One check of a server against SPEC.md: the section and the requirement it checks, and how.
public struct LiveCase: Sendable {
    public var name: String
    public var section: String
    /// The requirement, in the specification's words.
    public var requirement: String
    let run: @Sendable (LiveTarget) async throws -> Void

    public init(
        name: String,
        section: String,
        requirement: String,
        run: @escaping @Sendable (LiveTarget) async throws -> Void
    ) {
        self.name = name
        self.section = section
        self.requirement = requirement
        self.run = run
    }
}

/// How a case ended.
public struct LiveResult: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable {
        case passed, failed, skipped
    }

    public var name: String
    public var section: String
    public var requirement: String
    public var outcome: Outcome
    /// Why it failed or was skipped.
    public var detail: String
    public var seconds: Double
}

extension LiveCase {
    /// Runs the case, turning whatever happens into a result.
    public func check(_ target: LiveTarget) async -> LiveResult {
        let started = ContinuousClock.now
        var outcome = LiveResult.Outcome.passed
        var detail = ""
        do {
            try await self.run(target)
        } catch let skipped as CaseSkipped {
            outcome = .skipped
            detail = skipped.description
        } catch let failure as CaseFailure {
            outcome = .failed
            detail = failure.description
        } catch {
            outcome = .failed
            detail = "\(error)"
        }
        let elapsed = ContinuousClock.now - started
        return LiveResult(
            name: self.name,
            section: self.section,
            requirement: self.requirement,
            outcome: outcome,
            detail: detail,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }
}

// MARK: Helpers for cases

/// Fails the case with `message` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CaseFailure(message()) }
}

/// A protobuf length-delimited field, for the test service's tiny messages.
func field(_ number: UInt64, bytes: [UInt8]) -> [UInt8] {
    varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
}

func field(_ number: UInt64, varint value: UInt64) -> [UInt8] {
    varint(number << 3) + varint(value)
}

func varint(_ value: UInt64) -> [UInt8] {
    var value = value
    var out: [UInt8] = []
    repeat {
        var byte = UInt8(value & 0x7F)
        value >>= 7
        if value != 0 { byte |= 0x80 }
        out.append(byte)
    } while value != 0
    return out
}

/// The bytes of every MESSAGE of `callID` until the call ends, and how it ended.
struct CallOutcome {
    var messages: [[UInt8]] = []
    var status: StatusCode?
    var statusMessage: String?
}

extension Peer {
    /// Collects one call's response: its messages (fragments joined, inflated when compressed) and its status.
    func response(to callID: UInt32, within limit: Duration = .seconds(5)) async throws -> CallOutcome {
        var outcome = CallOutcome()
        var current: [UInt8] = []
        var compressed = false
        while true {
            switch try await self.next(within: limit) {
            case .frame(.message(let message)) where message.callID == callID:
                current += Array(message.payload.readableBytesView)
                compressed = compressed || message.compressed
                if !message.more {
                    outcome.messages.append(compressed ? try self.inflate(current) : current)
                    current = []
                    compressed = false
                }
                if message.endStream {
                    outcome.status = .ok
                    return outcome
                }
            case .frame(.end(let end)) where end.callID == callID:
                outcome.status = end.status
                outcome.statusMessage = end.message
                return outcome
            case .frame(.goAway(let goAway)):
                throw CaseFailure("the server sent GOAWAY \(goAway.code.name) (\(goAway.reason)) instead of answering")
            case .frame:
                continue
            case let other:
                throw CaseFailure("waiting for call \(callID)'s answer, got \(other)")
            }
        }
    }

    func inflate(_ bytes: [UInt8]) throws -> [UInt8] {
        do {
            let output = try Zlib.Decompressor(dictionaries: self.dictionaries)
                .decompress(ByteBuffer(bytes: bytes), limit: 16 << 20)
            return Array(output.bytes.readableBytesView)
        } catch {
            throw CaseFailure("a compressed message does not inflate: \(error)")
        }
    }

    /// Sends a unary call of the test service: CALL (ending the client's side on the message), one MESSAGE.
    func unary(
        callID: UInt32,
        method: UInt32,
        _ payload: [UInt8],
        deadline: Deadline? = nil,
        compressed: Bool = false
    ) async throws {
        var call = CallFrame(callID: callID, method: method)
        call.deadline = deadline
        try await self.send(
            .call(call),
            .message(
                MessageFrame(
                    callID: callID,
                    payload: ByteBuffer(bytes: payload),
                    compressed: compressed,
                    endStream: true
                )
            )
        )
    }

    /// Skips the case when the server does not serve the test service (ids 1–9).
    static func requireTestService(_ outcome: CallOutcome) throws {
        if outcome.status == .unimplemented {
            throw CaseSkipped("the server does not serve the test service (chaindesk-server --test-service)")
        }
    }
}
