public import ChainDeskWire
public import NIOCore
internal import NIOPosix
internal import Synchronization

/// A server under test, reached over plain TCP.
public struct LiveTarget: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// How many early PINGs the server says it tolerates (§9.1), when it says; `ping.flood` then checks the count.
    public var pingStrikes: Int?

    public init(host: String, port: Int, pingStrikes: Int? = nil) {
        self.host = host
        self.port = port
        self.pingStrikes = pingStrikes
    }
}

/// A raw connection to the server under test: bytes out exactly as a case writes them, frames in as the server
/// sends them, decoded by the reference codec. Nothing here corrects or retries; that is the point.
final class Peer: @unchecked Sendable {
    /// What the server did next.
    enum Event: Equatable, CustomStringConvertible {
        case frame(Frame)
        /// The server closed the connection.
        case closed
        /// Nothing came within the time allowed.
        case timeout
        /// The server sent bytes the reference decoder refuses.
        case undecodable(String)

        var description: String {
            switch self {
            case .frame(let frame): "\(frame.type.name) frame"
            case .closed: "the connection closed"
            case .timeout: "nothing (timed out)"
            case .undecodable(let why): "undecodable bytes (\(why))"
            }
        }
    }

    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let inbox = Inbox()
    private let reader: Task<Void, Never>
    private var buffer = ByteBuffer()
    private var decoder = FrameDecoder(sender: .server, awaitingSettings: true)
    /// The server's preface and settings, once read.
    private(set) var serverPreface: Preface?
    private(set) var serverSettings: Settings?
    /// Preset dictionaries this side accepts.
    private(set) var dictionaries: [[UInt8]] = []

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) {
        self.channel = channel
        self.outbound = channel.outbound
        let inbox = self.inbox
        let inbound = channel.inbound
        self.reader = Task {
            do {
                for try await bytes in inbound { inbox.put(bytes) }
            } catch {}
            inbox.put(nil)
        }
    }

    static func connect(_ target: LiveTarget) async throws -> Peer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true)
                    )
                }
            }
        return Peer(channel: channel)
    }

    /// Connects and completes the opening: our preface and SETTINGS (default limits, accepting `compression`),
    /// then the server's preface and SETTINGS.
    /// Connects and exchanges prefaces and SETTINGS; `dictionaries` are those whose ids `accept` lists, for
    /// inflating the server's messages.
    static func open(_ target: LiveTarget, accept: Settings = .defaults, dictionaries: [[UInt8]] = []) async throws
        -> Peer
    {
        let peer = try await Peer.connect(target)
        peer.dictionaries = dictionaries
        var bytes = ByteBuffer()
        Preface.current.write(into: &bytes)
        FrameEncoder().encode(.settings(accept.frame), into: &bytes)
        try await peer.send(bytes)
        try await peer.readOpening()
        return peer
    }

    /// Opens a connection that accepts zlib (and `dictionaries`), or skips the case when the server does not
    /// accept zlib itself.
    static func openAcceptingZlib(
        _ target: LiveTarget,
        dictionaries: [[UInt8]] = [],
        skipping why: String = "the server does not accept zlib"
    ) async throws -> Peer {
        var accept = Settings.defaults
        accept.compression = .zlib
        accept.dictionaries = dictionaries.map(Zlib.dictionaryID(of:))
        let peer = try await Peer.open(target, accept: accept, dictionaries: dictionaries)
        guard peer.serverSettings?.compression.contains(.zlib) == true else {
            await peer.close()
            throw CaseSkipped(why)
        }
        return peer
    }

    func send(_ bytes: ByteBuffer) async throws {
        try await self.outbound.write(bytes)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await self.send(ByteBuffer(bytes: bytes))
    }

    func send(_ frames: Frame...) async throws {
        var bytes = ByteBuffer()
        for frame in frames { FrameEncoder().encode(frame, into: &bytes) }
        try await self.send(bytes)
    }

    /// Ends our side (the server sees the end of its input).
    func finishSending() {
        self.outbound.finish()
    }

    func close() async {
        try? await self.channel.channel.close()
        self.reader.cancel()
    }

    /// Reads the server's preface and its first frame, which must be SETTINGS.
    func readOpening(within limit: Duration = .seconds(5)) async throws {
        while self.serverPreface == nil {
            do {
                if let preface = try Preface.read(from: &self.buffer) {
                    self.serverPreface = preface
                    break
                }
            } catch {
                throw CaseFailure("the server's preface is not valid: \(error)")
            }
            guard try await self.fill(within: limit) else {
                throw CaseFailure("the server sent no preface")
            }
        }
        switch try await self.next(within: limit) {
        case .frame(.settings(let settings)):
            do {
                self.serverSettings = try Settings(validating: settings)
            } catch {
                throw CaseFailure("the server's SETTINGS are not valid: \(error)")
            }
        case let other:
            throw CaseFailure("expected the server's SETTINGS first, got \(other)")
        }
    }

    /// The next frame, the end of the connection, or a timeout.
    func next(within limit: Duration = .seconds(5)) async throws -> Event {
        while true {
            do {
                if let frame = try self.decoder.decode(buffer: &self.buffer) { return .frame(frame) }
            } catch {
                return .undecodable("\(error)")
            }
            do {
                guard try await self.fill(within: limit) else { return .closed }
            } catch is TimedOut {
                return .timeout
            }
        }
    }

    /// Frames until one satisfies `done` (returned) or the connection ends.
    func await(within limit: Duration = .seconds(5), _ done: (Frame) -> Bool) async throws -> Event {
        while true {
            let event = try await self.next(within: limit)
            guard case .frame(let frame) = event else { return event }
            if done(frame) { return event }
        }
    }

    struct TimedOut: Error {}

    /// Reads more bytes; false at the end of the connection.
    private func fill(within limit: Duration) async throws -> Bool {
        switch await self.inbox.take(within: limit) {
        case nil: throw TimedOut()
        case .some(nil): return false
        case .some(.some(var bytes)):
            self.buffer.writeBuffer(&bytes)
            return true
        }
    }
}

/// What the server sent, waiting to be read: chunks of bytes, then nil for the end of the connection.
final class Inbox: Sendable {
    private struct State {
        var chunks: [ByteBuffer?] = []
        var waiter: CheckedContinuation<ByteBuffer??, Never>?
        var waiterID = 0
    }

    private let state = Mutex(State())

    func put(_ chunk: ByteBuffer?) {
        let waiter = self.state.withLock { state -> CheckedContinuation<ByteBuffer??, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.chunks.append(chunk)
            return nil
        }
        waiter?.resume(returning: .some(chunk))
    }

    /// The next chunk (`.some(nil)` at the end), or nil when none came within `limit`.
    func take(within limit: Duration) async -> ByteBuffer?? {
        await withCheckedContinuation { continuation in
            let id = self.state.withLock { state -> Int? in
                if !state.chunks.isEmpty {
                    let chunk = state.chunks.removeFirst()
                    continuation.resume(returning: .some(chunk))
                    return nil
                }
                state.waiterID += 1
                state.waiter = continuation
                return state.waiterID
            }
            guard let id else { return }
            Task {
                try? await Task.sleep(for: limit)
                let expired = self.state.withLock { state -> CheckedContinuation<ByteBuffer??, Never>? in
                    guard state.waiterID == id, let waiter = state.waiter else { return nil }
                    state.waiter = nil
                    return waiter
                }
                expired?.resume(returning: nil)
            }
        }
    }
}

/// A case's verdict when the server did not do what the specification requires.
public struct CaseFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A case that cannot run against this server (it does not serve what the case needs).
public struct CaseSkipped: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
