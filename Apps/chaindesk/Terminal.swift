internal import ChainDeskClient
internal import Foundation

// What the command line writes and reads as text, made safe in both directions.

/// Prints to standard output with control characters escaped: text from the office (names, summaries anyone
/// typed) shows an escape sequence, CR or BEL as `\u{1B}`, `\u{D}`, `\u{7}` instead of letting it act on the
/// terminal. Every `print` in this module goes through it. JSON output has no raw control characters to escape.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(Formats.visible(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}

/// Writes one line to standard error, prefixed `chaindesk: `, its control characters escaped.
func printError(_ line: String) {
    FileHandle.standardError.write(Data("chaindesk: \(Formats.visible(line))\n".utf8))
}

enum TextInput {
    /// The command line's arguments, refused when one is not valid UTF-8: Swift would silently replace the bytes it
    /// cannot read with U+FFFD, and store that.
    static func checkArguments() throws {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                count: strlen(pointer)
            )
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw CLIError(
                    "argument \(index) is not valid UTF-8 text; set the terminal or the script to UTF-8",
                    status: 64
                )
            }
        }
    }

    /// Text read whole from a file, or from standard input for `-`: valid UTF-8, one final line break dropped.
    static func read(_ path: String, for option: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CLIError("\(option): cannot read \(path): \(error.localizedDescription)", status: 66)
            }
        }
        guard var text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw CLIError("\(option): \(path == "-" ? "standard input" : path) is not valid UTF-8 text", status: 65)
        }
        if text.hasSuffix("\r\n") { text.removeLast(1) }
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
