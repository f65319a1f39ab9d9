public import Foundation

/// Where the command line keeps the signed-in session: `session.json` in `$CHAINDESK_CONFIG_DIR`,
/// `$XDG_CONFIG_HOME/chaindesk` or `~/.config/chaindesk`, readable by the user alone (0600).
public struct SessionFile: Sendable {
    public struct Session: Codable, Sendable, Equatable {
        public var server: String
        public var token: String
        public var username: String
        public var expiresAtMs: Int64
        /// The session was opened over TLS: its token is only ever sent over TLS again (absent in older files).
        public var tls: Bool?
        /// The certificates trusted for the node's, when not the system's (an absolute path).
        public var trustRoots: String?

        public init(
            server: String,
            token: String,
            username: String,
            expiresAtMs: Int64,
            tls: Bool = false,
            trustRoots: String? = nil
        ) {
            self.server = server
            self.token = token
            self.username = username
            self.expiresAtMs = expiresAtMs
            self.tls = tls
            self.trustRoots = trustRoots
        }
    }

    public let url: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let folder: URL
        if let explicit = environment["CHAINDESK_CONFIG_DIR"], !explicit.isEmpty {
            folder = URL(fileURLWithPath: explicit)
        } else if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            folder = URL(fileURLWithPath: xdg).appendingPathComponent("chaindesk")
        } else {
            folder = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/chaindesk")
        }
        self.url = folder.appendingPathComponent("session.json")
    }

    /// The saved session, if any.
    public func load() throws -> Session? {
        guard FileManager.default.fileExists(atPath: self.url.path) else { return nil }
        return try JSONDecoder().decode(Session.self, from: Data(contentsOf: self.url))
    }

    /// Saves the session, creating the folder; the file is readable and writable by the user alone.
    public func save(_ session: Session) throws {
        try FileManager.default.createDirectory(
            at: self.url.deletingLastPathComponent(),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let data = try JSONEncoder().encode(session)
        FileManager.default.createFile(atPath: self.url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: self.url.path)
        try data.write(to: self.url, options: [])
    }

    /// Forgets the session.
    public func remove() throws {
        if FileManager.default.fileExists(atPath: self.url.path) { try FileManager.default.removeItem(at: self.url) }
    }
}
