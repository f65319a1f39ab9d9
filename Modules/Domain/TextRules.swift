/// What text a person types may hold, checked before it is stored: one line for names and titles, a longer text
/// for summaries, notes and reasons; never control characters (a NUL cuts a name short in storage, an escape
/// sequence or BEL acts on the terminal that shows it), and never U+FFFD, the mark that text was not valid UTF-8
/// before something replaced what it could not read.
public enum TextRule: Sendable {
    /// A name or title: one line, at most `lineLimit` characters.
    case line
    /// A summary, note or reason: line breaks and tabs allowed, at most `textLimit` characters.
    case text

    /// The most characters of a name or title.
    public static let lineLimit = 200
    /// The most characters of a summary, note or reason: several pages of minutes.
    public static let textLimit = 10_000

    public var limit: Int {
        switch self {
        case .line: Self.lineLimit
        case .text: Self.textLimit
        }
    }

    /// Checks `value` for the field named `chinese` / `english`.
    public func check(_ value: String, _ chinese: String, _ english: String) throws(DomainError) {
        let count = value.count
        guard count <= self.limit else {
            throw DomainError(
                .invalidValue,
                "\(chinese)过长：\(count)字，最多\(self.limit)字",
                "the \(english) is too long: \(count) characters, at most \(self.limit)"
            )
        }
        for scalar in value.unicodeScalars {
            let allowed = self == .text && (scalar == "\n" || scalar == "\t" || scalar == "\r")
            if !allowed, Self.isControl(scalar) {
                let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                throw DomainError(
                    .invalidValue,
                    "\(chinese)含控制字符\(code)",
                    "the \(english) contains the control character \(code)"
                )
            }
            if scalar == "\u{FFFD}" {
                throw DomainError(
                    .invalidValue,
                    "\(chinese)含替换字符U+FFFD：原文不是有效的UTF-8",
                    "the \(english) contains U+FFFD: the text was not valid UTF-8"
                )
            }
        }
    }

    /// C0 and C1 controls and DEL.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
