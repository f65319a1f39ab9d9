/// Exponential backoff with jitter between connection attempts: 100 ms, then ×1.6 per failure up to 10 s, each
/// spread by ±20% so that many clients do not reconnect in step.
public struct Backoff: Sendable {
    public var initial: Duration = .milliseconds(100)
    public var multiplier = 1.6
    public var maximum: Duration = .seconds(10)
    public var jitter = 0.2

    public init() {}

    /// The wait before attempt `attempt` (0 for the first retry).
    public func delay(attempt: Int) -> Duration {
        var seconds = Double(self.initial.components.seconds) + Double(self.initial.components.attoseconds) / 1e18
        let maximum = Double(self.maximum.components.seconds) + Double(self.maximum.components.attoseconds) / 1e18
        for _ in 0..<max(0, attempt) { seconds = min(maximum, seconds * self.multiplier) }
        let spread = seconds * self.jitter * Double.random(in: -1...1)
        return .milliseconds(Int64(max(0, seconds + spread) * 1000))
    }
}
