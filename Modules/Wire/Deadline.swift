/// How long the server has to finish a call, as carried by CALL (SPEC.md §8.5).
///
/// On the wire a deadline is one varint, `amount << 2 | unit`, so that the common deadlines of seconds or
/// minutes take a single byte: 5 s is `15`, 30 s is `79`.
public struct Deadline: Hashable, Sendable, CustomStringConvertible {
    /// The unit of ``amount``, in the low two bits of the wire value.
    public enum Unit: UInt8, Hashable, Sendable, CaseIterable {
        case milliseconds = 0
        case seconds = 1
        case minutes = 2
        case hours = 3

        /// Milliseconds per unit.
        public var milliseconds: UInt64 {
            switch self {
            case .milliseconds: 1
            case .seconds: 1_000
            case .minutes: 60_000
            case .hours: 3_600_000
            }
        }

        /// The suffix used in text: `ms`, `s`, `m`, `h`.
        public var symbol: String {
            switch self {
            case .milliseconds: "ms"
            case .seconds: "s"
            case .minutes: "m"
            case .hours: "h"
            }
        }
    }

    /// How many units; at most ``maxAmount``.
    public let amount: UInt32
    public let unit: Unit

    /// The largest amount: 30 bits.
    public static let maxAmount: UInt32 = (1 << 30) - 1

    public init(amount: UInt32, unit: Unit) {
        precondition(amount <= Self.maxAmount, "deadline amount \(amount) is above 2^30 − 1")
        self.amount = amount
        self.unit = unit
    }

    /// The deadline in the largest unit that holds it exactly; one too long for any exact form is rounded up.
    public init(milliseconds: UInt64) {
        for unit in Unit.allCases.reversed() where milliseconds % unit.milliseconds == 0 {
            let amount = milliseconds / unit.milliseconds
            if amount <= UInt64(Self.maxAmount) {
                self.init(amount: UInt32(amount), unit: unit)
                return
            }
        }
        for unit in Unit.allCases {
            let amount = (milliseconds + unit.milliseconds - 1) / unit.milliseconds
            if amount <= UInt64(Self.maxAmount) {
                self.init(amount: UInt32(amount), unit: unit)
                return
            }
        }
        self.init(amount: Self.maxAmount, unit: .hours)
    }

    /// The deadline from its wire value.
    public init(wireValue: UInt32) {
        self.init(amount: wireValue >> 2, unit: Unit(rawValue: UInt8(wireValue & 0x3))!)
    }

    /// The varint's value: `amount << 2 | unit`.
    public var wireValue: UInt32 { self.amount << 2 | UInt32(self.unit.rawValue) }

    /// The deadline in milliseconds.
    public var milliseconds: UInt64 { UInt64(self.amount) * self.unit.milliseconds }

    /// `5s`, `250ms`, `2m`, `1h`.
    public var description: String { "\(self.amount)\(self.unit.symbol)" }

    /// Reads the text form of ``description``.
    public init?(_ text: String) {
        guard
            let unit = Unit.allCases.sorted(by: { $0.symbol.count > $1.symbol.count }).first(where: {
                text.hasSuffix($0.symbol)
            }),
            let amount = UInt32(text.dropLast(unit.symbol.count)), amount <= Self.maxAmount
        else { return nil }
        self.init(amount: amount, unit: unit)
    }
}
