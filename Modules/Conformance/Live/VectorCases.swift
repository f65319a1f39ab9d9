internal import ChainDeskWire
internal import Foundation
internal import NIOCore

extension LiveSuite {
    /// A case per golden vector a client could send that must fail: the bytes go to the server as they are, and
    /// the server must answer with the error the vector names — GOAWAY with its code for a connection error, END
    /// with its status for a call error (SPEC.md §13).
    static func vectorCases(_ files: [VectorFile]) -> [LiveCase] {
        files.flatMap { file in
            file.vectors.compactMap { vector -> LiveCase? in
                guard let error = vector.expect.error else { return nil }
                switch vector.decoder {
                case .preface:
                    return LiveCase(
                        name: "vector.\(vector.name)",
                        section: "§\(error.section.trimmingCharacters(in: ["§"]))",
                        requirement: "\(vector.description): \(error.id) (\(error.code))"
                    ) { target in
                        let peer = try await Peer.connect(target)
                        defer { Task { await peer.close() } }
                        try await peer.send(vector.input.bytes)
                        // The server's own preface and SETTINGS come first whatever it receives (§3.1).
                        try await peer.readOpening()
                        try await Self.expectGoAway(peer, error, allowPlainClose: error.id == "preface.bad_magic")
                    }
                case .frames where vector.sender == .client:
                    return LiveCase(
                        name: "vector.\(vector.name)",
                        section: "§\(error.section.trimmingCharacters(in: ["§"]))",
                        requirement: "\(vector.description): \(error.id) (\(error.code))"
                    ) { target in
                        let peer: Peer
                        if vector.awaitingSettings == true {
                            peer = try await Peer.connect(target)
                            var preface = ByteBuffer()
                            Preface.current.write(into: &preface)
                            try await peer.send(preface)
                            try await peer.readOpening()
                        } else {
                            peer = try await Peer.open(target)
                        }
                        defer { Task { await peer.close() } }
                        try Self.checkApplicable(vector, peer.serverSettings ?? .defaults)
                        try await peer.send(vector.input.bytes)
                        // The end of the input is the end of the connection only where the vector is cut short
                        // mid-frame; the server may then just close (the client has gone).
                        let cut = error.id == "frame.truncated"
                        if cut { peer.finishSending() }
                        if error.scope == "connection" {
                            try await Self.expectGoAway(peer, error, allowPlainClose: cut)
                        } else {
                            try await Self.expectEnd(peer, error)
                        }
                    }
                default:
                    return nil
                }
            }
        }
    }

    /// Skips a vector written for a receiver with other limits or other accepted compression than this server's.
    static func checkApplicable(_ vector: Vector, _ server: Settings) throws {
        if let limits = vector.limits {
            let differs =
                (limits.maxFrameSize.map { $0 != server.maxFrameSize } ?? false)
                || (limits.maxMessageSize.map { $0 != server.maxMessageSize } ?? false)
                || (limits.maxMetadataSize.map { $0 != server.maxMetadataSize } ?? false)
            if differs { throw CaseSkipped("written for a receiver with other limits than this server announces") }
        }
        let accepts = vector.accept?.compression ?? false
        let errorID = vector.expect.error?.id ?? ""
        let usesCompression =
            vector.accept != nil || errorID.hasPrefix("message.compress") || errorID.hasPrefix("compression.")
        let wanted = Set((vector.accept?.dictionaries ?? []).compactMap { UInt32($0.dropFirst(2), radix: 16) })
        // A server accepting more dictionaries than a vector's receiver answers it the same, except where the
        // vector is about a dictionary the receiver does not know.
        let dictionariesFit =
            errorID == "message.unknown_dictionary"
            ? wanted == Set(server.dictionaries) : wanted.isSubset(of: Set(server.dictionaries))
        if usesCompression, accepts != server.compression.contains(.zlib) || !dictionariesFit {
            throw CaseSkipped("written for a receiver that accepts other compression than this server")
        }
    }

    static func expectGoAway(_ peer: Peer, _ error: ExpectedError, allowPlainClose: Bool) async throws {
        while true {
            switch try await peer.next() {
            case .frame(.goAway(let goAway)):
                try require(
                    goAway.code.name == error.code,
                    "GOAWAY \(goAway.code.name) (\(goAway.reason)), the vector expects \(error.code)"
                )
                return
            case .frame(.settings): continue
            case .frame(let frame) where frame.callID != nil: continue
            case .closed where allowPlainClose: return
            case let other:
                throw CaseFailure("expected GOAWAY \(error.code) for \(error.id), got \(other)")
            }
        }
    }

    static func expectEnd(_ peer: Peer, _ error: ExpectedError) async throws {
        let call = error.callID ?? 0
        while true {
            switch try await peer.next() {
            case .frame(.end(let end)) where end.callID == call:
                if end.status == .unimplemented, error.code != "UNIMPLEMENTED" {
                    throw CaseSkipped("the server does not serve the method the vector calls (the test service)")
                }
                try require(
                    end.status.name == error.code,
                    "call \(call) ended \(end.status.name) (\(end.message ?? "")), the vector expects \(error.code)"
                )
                return
            case .frame(.goAway(let goAway)):
                throw CaseFailure("GOAWAY \(goAway.code.name) (\(goAway.reason)) for a call error \(error.id)")
            case .frame: continue
            case let other:
                throw CaseFailure("expected END \(error.code) on call \(call) for \(error.id), got \(other)")
            }
        }
    }
}
