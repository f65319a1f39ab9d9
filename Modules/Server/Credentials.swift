internal import ChainDeskRPC
internal import ChainDeskWire
internal import Crypto
internal import Foundation
internal import _CryptoExtras

/// Password hashes (scrypt, salted) and session tokens.
enum Credentials {
    /// scrypt parameters: N = 2^14, r = 8, p = 1 — about 16 MiB and tens of milliseconds per hash.
    static let rounds = 1 << 14
    static let blockSize = 8
    static let parallelism = 1

    /// `scrypt$N$r$p$salt$hash`, salt and hash in base64.
    static func hash(password: String) throws -> String {
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let key = try Self.derive(
            password,
            salt: salt,
            rounds: Self.rounds,
            blockSize: Self.blockSize,
            parallelism: Self.parallelism
        )
        return
            "scrypt$\(Self.rounds)$\(Self.blockSize)$\(Self.parallelism)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Runs scrypt off the event loop the call arrived on (handlers run there): tens of milliseconds of hashing
    /// would otherwise stall every connection that loop serves.
    static func offEventLoop<Value: Sendable>(_ work: @Sendable () throws -> Value) async throws -> Value {
        try await withTaskExecutorPreference(globalConcurrentExecutor) { try work() }
    }

    /// `hash(password:)`, off the event loop.
    static func hashed(_ password: String) async throws -> String {
        try await Self.offEventLoop { try Self.hash(password: password) }
    }

    /// `verify(password:against:)`, off the event loop.
    static func verified(_ password: String, against stored: String) async -> Bool {
        (try? await Self.offEventLoop { Self.verify(password: password, against: stored) }) ?? false
    }

    /// Whether `password` matches `stored`, compared in constant time.
    static func verify(password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let rounds = Int(parts[1]), let blockSize = Int(parts[2]),
            let parallelism = Int(parts[3]), let salt = Data(base64Encoded: parts[4]),
            let expected = Data(base64Encoded: parts[5]),
            let actual = try? Self.derive(
                password,
                salt: Array(salt),
                rounds: rounds,
                blockSize: blockSize,
                parallelism: parallelism
            )
        else { return false }
        guard actual.count == expected.count else { return false }
        return zip(actual, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(_ password: String, salt: [UInt8], rounds: Int, blockSize: Int, parallelism: Int) throws
        -> [UInt8]
    {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            outputByteCount: 32,
            rounds: rounds,
            blockSize: blockSize,
            parallelism: parallelism
        )
        return key.withUnsafeBytes { Array($0) }
    }

    /// A new session token: 32 random bytes, base64url.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a token: its SHA-256, hex.
    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A readable random password for the first administrator.
    static func newPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Refuses a password too weak to keep: at least 10 characters.
    static func checkStrength(_ password: String) throws {
        guard password.count >= 10 else {
            throw RPCError(code: .invalidArgument, message: "a password needs at least 10 characters")
        }
    }
}
