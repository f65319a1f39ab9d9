/// Everything an endpoint of the wire protocol can tune, with safe defaults.
///
/// ```swift
/// let configuration = WireConfiguration.defaults {
///     $0.limits.maxMessageSize = 1 << 20
///     $0.compression.dictionaries = [crmDictionary]
/// }
/// ```
public struct WireConfiguration: Hashable, Sendable {
    /// The limits this endpoint declares in its SETTINGS and enforces on what it receives.
    public var limits: Settings
    /// How this endpoint compresses what it sends and what compressed input it accepts.
    public var compression: CompressionPolicy

    public init(limits: Settings = .defaults, compression: CompressionPolicy = .init()) {
        self.limits = limits
        self.compression = compression
    }

    /// The defaults, adjusted by `configure`.
    public static func defaults(_ configure: (inout WireConfiguration) -> Void = { _ in }) -> WireConfiguration {
        var configuration = WireConfiguration()
        configure(&configuration)
        return configuration
    }

    /// The SETTINGS this endpoint sends: its limits plus the compression it accepts.
    public var settings: Settings {
        var settings = self.limits
        if self.compression.accept {
            settings.compression.insert(.zlib)
            settings.dictionaries = self.compression.dictionaries.map(Zlib.dictionaryID(of:))
        } else {
            settings.compression = []
            settings.dictionaries = []
        }
        return settings
    }
}

/// When and how messages are compressed (SPEC.md §7).
public struct CompressionPolicy: Hashable, Sendable {
    /// Accept zlib-compressed messages from the peer, with any of ``dictionaries``.
    public var accept = true
    /// Compress outgoing messages when the peer accepts zlib.
    public var send = true
    /// zlib level for outgoing messages, 1 (fastest) to 9 (smallest).
    public var level: Int32 = 6
    /// Messages shorter than this are sent plain (SPEC.md §7.4).
    public var minimumSize = 64
    /// Preset dictionaries this endpoint accepts; the first one the peer also accepts is used for sending.
    public var dictionaries: [[UInt8]] = []

    public init() {}
}
