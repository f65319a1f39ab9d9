public import Foundation

/// Two people changed the same field of the same record from the same version, one of them offline. The value that
/// reached the office first is kept; the other is recorded here, visible to both, until one of them resolves it.
/// Nothing is overwritten silently.
public struct EditConflict: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case open, resolved
    }

    /// How a conflict was resolved: the kept value stays, or the other one is applied.
    public enum Resolution: String, Hashable, Sendable, Codable, CaseIterable {
        case kept, other
    }

    public var id: ID<EditConflict>
    /// The record in conflict: its entity (`enterprise`, …) and id.
    public var subjectEntity: String
    public var subjectID: String
    public var field: String
    /// The values as JSON text.
    public var keptValue: String
    public var otherValue: String
    public var keptBy: ID<Staff>
    public var keptAt: Date
    public var otherBy: ID<Staff>
    public var otherDevice: String
    public var otherAt: Date
    public var status: Status
    public var resolution: Resolution?
    public var resolvedBy: ID<Staff>?
    public var resolvedAt: Date?
    public var version: Int

    public init(
        id: ID<EditConflict>,
        subjectEntity: String,
        subjectID: String,
        field: String,
        keptValue: String,
        otherValue: String,
        keptBy: ID<Staff>,
        keptAt: Date,
        otherBy: ID<Staff>,
        otherDevice: String,
        otherAt: Date,
        status: Status = .open,
        resolution: Resolution? = nil,
        resolvedBy: ID<Staff>? = nil,
        resolvedAt: Date? = nil,
        version: Int = 0
    ) {
        self.id = id
        self.subjectEntity = subjectEntity
        self.subjectID = subjectID
        self.field = field
        self.keptValue = keptValue
        self.otherValue = otherValue
        self.keptBy = keptBy
        self.keptAt = keptAt
        self.otherBy = otherBy
        self.otherDevice = otherDevice
        self.otherAt = otherAt
        self.status = status
        self.resolution = resolution
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.version = version
    }

    /// Whether `staff` is one of the two sides.
    public func involves(_ staff: ID<Staff>) -> Bool { self.keptBy == staff || self.otherBy == staff }
}
