public import Foundation

#if canImport(Glibc)
internal import Glibc
#endif

/// A helper's failure, saying what went wrong.
public struct TestingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A new, not yet created path in the temporary folder, named `prefix-UUID`: a store, a data directory, a file.
public func temporaryPath(_ prefix: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
}

/// Text in GB18030, as Chinese spreadsheet software writes a CSV (iconv, as in glibc).
public func gb18030(_ text: String) throws -> Data {
    let converter = iconv_open("GB18030", "UTF-8")
    guard converter != iconv_t(bitPattern: -1) else { throw TestingError("iconv has no GB18030 converter") }
    defer { iconv_close(converter) }
    var input = Array(text.utf8CString.dropLast())
    var output = [CChar](repeating: 0, count: input.count * 4 + 16)
    let (written, failed) = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer = inBuffer.baseAddress
            var inLeft = inBuffer.count
            var outPointer = outBuffer.baseAddress
            var outLeft = outBuffer.count
            let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            return (outBuffer.count - outLeft, result == -1 || inLeft > 0)
        }
    }
    guard !failed else { throw TestingError("iconv could not write \(text.prefix(40)) in GB18030") }
    return Data(output[..<written].map { UInt8(bitPattern: $0) })
}

/// The repository's root, found from this file's place in it.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A self-signed certificate for localhost (Tools/dev-cert.sh: `dev-cert.pem`, `dev-key.pem`) in a new folder,
/// which the caller removes.
public func devCertificate() throws -> URL {
    let folder = temporaryPath("chaindesk-tls")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [repositoryRoot.appendingPathComponent("Tools/dev-cert.sh").path, folder.path]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    guard process.waitForExit() == 0 else { throw TestingError("Tools/dev-cert.sh failed (is openssl installed?)") }
    return folder
}
