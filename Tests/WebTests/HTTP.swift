import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One HTTP/1.1 exchange on a fresh connection (`Connection: close`), read whole: what a browser's request gets,
/// with nothing followed or stored for it — redirects and cookies are the test's to see.
struct Answer {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var text: String { String(decoding: self.body, as: UTF8.self) }

    func header(_ name: String) -> String? { self.headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    func all(_ name: String) -> [String] {
        self.headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The value of the cookie `name` that the answer sets, with its attributes.
    func setCookie(_ name: String) -> String? { self.all("Set-Cookie").first { $0.hasPrefix("\(name)=") } }

    /// The value of a hidden form field `name` on the page.
    func field(_ name: String) -> String? {
        guard let range = self.text.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(self.text[range.upperBound...].prefix { $0 != "\"" })
    }

    init(_ bytes: [UInt8]) throws {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4,
            let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == separator })
        else {
            throw HTTPTestError("no end of headers in \(bytes.count) bytes")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ")[1]) else {
            throw HTTPTestError("no status line")
        }
        self.status = status
        self.headers = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        self.body = Array(bytes[(end + 4)...])
    }
}

struct HTTPTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Sends one request to the node's web port and returns the answer.
func http(
    _ method: String,
    _ port: Int,
    _ path: String,
    cookies: [String: String] = [:],
    form: [String: String]? = nil,
    headers: [String: String] = [:],
    trusting certificate: URL? = nil
) async throws -> Answer {
    // Over TLS when given the node's certificate to trust (and check against the name localhost).
    let tls = try certificate.map { pem in
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(pem.path)
        return try NIOSSLContext(configuration: configuration)
    }
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                if let tls {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: tls, serverHostname: "localhost")
                    )
                }
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    if !cookies.isEmpty {
        request += "Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") + "\r\n"
    }
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    var body = ""
    if let form {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        body = form.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.sorted().joined(separator: "&")
        request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
    }
    request += "\r\n" + body
    let bytes = try await channel.executeThenClose { inbound, outbound in
        try await outbound.write(ByteBuffer(string: request))
        var bytes: [UInt8] = []
        for try await chunk in inbound { bytes += Array(chunk.readableBytesView) }
        return bytes
    }
    return try Answer(bytes)
}
