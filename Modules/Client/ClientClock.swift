public import ChainDeskDomain
internal import Foundation

/// The field client's clock: the system's, or the one `CHAINDESK_CLOCK` names (see `OfficeClock.named`), so a
/// rehearsed story can run against a node started with the same `--clock`.
public enum ClientClock {
    static var setting: String { ProcessInfo.processInfo.environment["CHAINDESK_CLOCK"] ?? "" }

    /// Read once per process; the system's clock when the variable is unset or invalid (`check()` reports that).
    public static let current: OfficeClock = (try? OfficeClock.named(Self.setting)) ?? .system

    /// Throws when `CHAINDESK_CLOCK` is set to something that is not a clock.
    public static func check() throws(DomainError) {
        _ = try OfficeClock.named(Self.setting)
    }
}
