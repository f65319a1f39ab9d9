/// The identifier of one setting in a SETTINGS frame (SPEC.md §3.3).
public struct SettingID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The largest frame body the sender accepts, in bytes.
    public static let maxFrameSize = SettingID(rawValue: 1)
    /// The largest message the sender accepts, in bytes, before and after decompression.
    public static let maxMessageSize = SettingID(rawValue: 2)
    /// The largest metadata block the sender accepts, in bytes.
    public static let maxMetadataSize = SettingID(rawValue: 3)
    /// How many calls the sender lets its peer have open at once.
    public static let maxConcurrentCalls = SettingID(rawValue: 4)
    /// The per-call flow-control window the sender grants at the start of every call, in bytes.
    public static let initialWindow = SettingID(rawValue: 5)
    /// The shortest interval between PINGs the sender tolerates, in milliseconds.
    public static let pingMinInterval = SettingID(rawValue: 6)
    /// How long the sender keeps a connection with no open calls, in milliseconds; 0 for no limit.
    public static let idleTimeout = SettingID(rawValue: 7)
    /// The compression algorithms the sender accepts, as a bit set.
    public static let compression = SettingID(rawValue: 8)
    /// A preset dictionary id the sender accepts; may repeat.
    public static let dictionary = SettingID(rawValue: 9)

    private static let names: [UInt32: String] = [
        1: "MAX_FRAME_SIZE", 2: "MAX_MESSAGE_SIZE", 3: "MAX_METADATA_SIZE", 4: "MAX_CONCURRENT_CALLS",
        5: "INITIAL_WINDOW", 6: "PING_MIN_INTERVAL", 7: "IDLE_TIMEOUT", 8: "COMPRESSION", 9: "DICTIONARY",
    ]

    /// The canonical name, or `"UNKNOWN(n)"` for a setting this endpoint does not know (and ignores).
    public var name: String { Self.names[self.rawValue] ?? "UNKNOWN(\(self.rawValue))" }

    /// Whether this endpoint knows the setting.
    public var isKnown: Bool { Self.names[self.rawValue] != nil }

    public var description: String { self.name }
}

/// One id–value pair of a SETTINGS frame.
public struct Setting: Hashable, Sendable {
    public var id: SettingID
    public var value: UInt32

    public init(_ id: SettingID, _ value: UInt32) {
        self.id = id
        self.value = value
    }
}

/// Compression algorithms, as the bit set of the COMPRESSION setting (SPEC.md §7.2).
public struct CompressionAlgorithms: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// zlib (RFC 1950), optionally with a preset dictionary.
    public static let zlib = CompressionAlgorithms(rawValue: 1 << 0)
}

/// The values one endpoint declares in its SETTINGS frame, with the protocol's defaults for those left out.
///
/// Before an endpoint has received its peer's SETTINGS it assumes ``defaults`` for the peer (SPEC.md §3.3).
public struct Settings: Hashable, Sendable {
    public var maxFrameSize: UInt32 = 16_384
    public var maxMessageSize: UInt32 = 4 * 1024 * 1024
    public var maxMetadataSize: UInt32 = 8 * 1024
    public var maxConcurrentCalls: UInt32 = 100
    public var initialWindow: UInt32 = 65_536
    public var pingMinIntervalMilliseconds: UInt32 = 10_000
    public var idleTimeoutMilliseconds: UInt32 = 300_000
    public var compression: CompressionAlgorithms = []
    /// Preset dictionary ids (zlib DICTIDs), in the order declared.
    public var dictionaries: [UInt32] = []

    public init() {}

    /// The protocol's defaults: what an endpoint assumes of a peer whose SETTINGS it has not yet received.
    public static let defaults = Settings()

    /// The smallest maximum frame size an endpoint may declare.
    public static let minimumFrameSizeLimit: UInt32 = 1_024
    /// The largest maximum frame size an endpoint may declare.
    public static let maximumFrameSizeLimit: UInt32 = (1 << 24) - 1
    /// The smallest INITIAL_WINDOW an endpoint may declare: the default, so that a sender that has not yet
    /// seen its peer's SETTINGS never overruns the window it assumed (SPEC.md §10).
    public static let minimumWindow: UInt32 = 65_536
    /// The largest flow-control window, in bytes.
    public static let maximumWindow: UInt32 = (1 << 31) - 1

    /// Reads a received SETTINGS frame; settings it does not list keep their defaults, unknown ids are ignored.
    public init(validating frame: SettingsFrame) throws(WireError) {
        self.init()
        var seen: Set<UInt32> = []
        for setting in frame.entries where setting.id.isKnown {
            if setting.id != .dictionary, !seen.insert(setting.id.rawValue).inserted {
                throw WireError(code: .settingsDuplicate, message: "setting \(setting.id.name) appears twice")
            }
            switch setting.id {
            case .maxFrameSize:
                self.maxFrameSize = try Self.check(setting, in: Self.minimumFrameSizeLimit...Self.maximumFrameSizeLimit)
            case .maxMessageSize: self.maxMessageSize = setting.value
            case .maxMetadataSize: self.maxMetadataSize = setting.value
            case .maxConcurrentCalls: self.maxConcurrentCalls = setting.value
            case .initialWindow:
                self.initialWindow = try Self.check(setting, in: Self.minimumWindow...Self.maximumWindow)
            case .pingMinInterval: self.pingMinIntervalMilliseconds = setting.value
            case .idleTimeout: self.idleTimeoutMilliseconds = setting.value
            case .compression: self.compression = CompressionAlgorithms(rawValue: setting.value)
            case .dictionary:
                if !self.dictionaries.contains(setting.value) { self.dictionaries.append(setting.value) }
            default: break
            }
        }
    }

    private static func check(_ setting: Setting, in range: ClosedRange<UInt32>) throws(WireError) -> UInt32 {
        guard range.contains(setting.value) else {
            throw WireError(
                code: .settingsBadValue,
                message: "\(setting.id.name) \(setting.value) is outside \(range.lowerBound)…\(range.upperBound)"
            )
        }
        return setting.value
    }

    /// The SETTINGS frame that declares these values: every value that differs from the default, in id order.
    public var frame: SettingsFrame {
        let defaults = Settings.defaults
        var entries: [Setting] = []
        func add(_ id: SettingID, _ value: UInt32, _ defaultValue: UInt32) {
            if value != defaultValue { entries.append(Setting(id, value)) }
        }
        add(.maxFrameSize, self.maxFrameSize, defaults.maxFrameSize)
        add(.maxMessageSize, self.maxMessageSize, defaults.maxMessageSize)
        add(.maxMetadataSize, self.maxMetadataSize, defaults.maxMetadataSize)
        add(.maxConcurrentCalls, self.maxConcurrentCalls, defaults.maxConcurrentCalls)
        add(.initialWindow, self.initialWindow, defaults.initialWindow)
        add(.pingMinInterval, self.pingMinIntervalMilliseconds, defaults.pingMinIntervalMilliseconds)
        add(.idleTimeout, self.idleTimeoutMilliseconds, defaults.idleTimeoutMilliseconds)
        add(.compression, self.compression.rawValue, defaults.compression.rawValue)
        for dictionary in self.dictionaries { entries.append(Setting(.dictionary, dictionary)) }
        return SettingsFrame(entries: entries)
    }
}
