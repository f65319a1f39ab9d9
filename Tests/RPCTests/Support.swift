import ChainDeskRPC
import ChainDeskWire
import NIOCore

/// The test service's methods (Protocol/chaindesk/test/v1): raw-bytes handlers for the runtime's tests.
enum TestMethods {
    static let echo: UInt32 = 1
    static let stream: UInt32 = 2  // request: 8-byte count, 4-byte size → count messages of size bytes
    static let sum: UInt32 = 3  // client stream of 8-byte integers → their sum
    static let pingPong: UInt32 = 4  // echoes each message as it comes
    static let sleep: UInt32 = 5  // request: 8-byte milliseconds
    static let fail: UInt32 = 6  // request: 4-byte status code, then the message text
    static let headersAndTrailers: UInt32 = 7

    static var router: Router {
        var router = Router()
        router.register(Self.echo) { call in
            for try await message in call.requests {
                try await call.send(message, endWithOK: true)
                return
            }
        }
        router.register(Self.stream) { call in
            var request = try await Self.first(call)
            let count = request.readInteger(as: UInt64.self) ?? 0
            let size = Int(request.readInteger(as: UInt32.self) ?? 0)
            for index in 0..<count {
                var message = ByteBuffer()
                message.writeInteger(index)
                message.writeRepeatingByte(0x61, count: max(0, size - 8))
                try await call.send(message)
            }
        }
        router.register(Self.sum) { call in
            var total: UInt64 = 0
            for try await var message in call.requests { total += message.readInteger(as: UInt64.self) ?? 0 }
            var response = ByteBuffer()
            response.writeInteger(total)
            try await call.send(response, endWithOK: true)
        }
        router.register(Self.pingPong) { call in
            for try await message in call.requests { try await call.send(message) }
        }
        router.register(Self.sleep) { call in
            var request = try await Self.first(call)
            let milliseconds = request.readInteger(as: UInt64.self) ?? 0
            try await Task.sleep(for: .milliseconds(milliseconds))
            try await call.send(.integer(milliseconds), endWithOK: true)
        }
        router.register(Self.fail) { call in
            var request = try await Self.first(call)
            let code = request.readInteger(as: UInt32.self) ?? 2
            let text = request.readString(length: request.readableBytes) ?? ""
            throw RPCError(code: StatusCode(rawValue: code), message: text, trailers: ["reason": "requested"])
        }
        router.register(Self.headersAndTrailers) { call in
            call.sendHeaders(["echo-initial": call.metadata["x-initial"] ?? ""])
            _ = try await Self.first(call)
            try await call.send(ByteBuffer(string: "ok"))
            call.end(.ok, trailers: ["echo-trailing": call.metadata["x-trailing"] ?? ""])
        }
        return router
    }

    static func first(_ call: ServerCall) async throws -> ByteBuffer {
        for try await message in call.requests { return message }
        throw RPCError(code: .invalidArgument, message: "no request")
    }
}

extension ByteBuffer {
    static func integer<T: FixedWidthInteger>(_ value: T) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(value)
        return buffer
    }
}
