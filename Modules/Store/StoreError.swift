public import ChainDeskDomain

/// Why a store operation did not happen. Nothing was written when one is thrown.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// A domain rule refused the change.
        case rule(DomainError)
        /// The record changed since the version the update was made against.
        case conflict(Conflict)
        /// The record does not exist.
        case notFound(entity: String, id: String)
        /// The idempotency key was used before for a different operation.
        case keyReused(key: String, operation: String)
        /// A record with the same id, or an enterprise with the same credit code, exists.
        case duplicate(entity: String, id: String, existing: String, sameCreditCode: Bool)
        /// The disk (or the database's size limit) is full: nothing of the write was stored.
        case full
        /// The database refused the write (a constraint, an I/O error).
        case database(String)
        /// The database server cannot be reached, or stopped answering.
        case unavailable(String)
        /// Where the store lives is written wrongly (a malformed PostgreSQL URL, say).
        case configuration(String)
    }

    public let kind: Kind

    public init(_ kind: Kind) {
        self.kind = kind
    }

    public var description: String {
        switch self.kind {
        case .rule(let error): return error.description
        case .conflict(let conflict): return conflict.description
        case .notFound(let entity, let id): return "\(entity) \(id) 不存在 (not found)"
        case .keyReused(let key, let operation):
            return "幂等键“\(key)”已用于“\(operation)” (idempotency key already used for \(operation))"
        case .duplicate(let entity, let id, let existing, let sameCreditCode):
            return sameCreditCode
                ? "\(entity) \(id) 与已有记录 \(existing) 的统一社会信用代码相同 (same credit code as \(existing))"
                : "\(entity) \(id) 已存在 (a record with this id exists)"
        case .full:
            return "存储空间已满，本次写入未保存 (the office node's disk is full: nothing was written; try again once space is freed)"
        case .database(let message): return "数据库拒绝了写入：\(message) (the database refused the write)"
        case .unavailable(let message): return "数据库不可用：\(message) (the database is unavailable)"
        case .configuration(let message): return "存储位置有误：\(message) (the store's location is wrong)"
        }
    }
}

/// An update made against a stale version: both sides of every field that differs.
public struct Conflict: Sendable, CustomStringConvertible {
    public struct Field: Sendable, Hashable {
        public var name: String
        /// The stored value, as JSON.
        public var current: String?
        /// The value the update wanted, as JSON.
        public var proposed: String?

        public init(name: String, current: String?, proposed: String?) {
            self.name = name
            self.current = current
            self.proposed = proposed
        }
    }

    public var entity: String
    public var recordID: String
    public var expectedVersion: Int
    public var currentVersion: Int
    public var fields: [Field]

    public var description: String {
        let names = self.fields.map(\.name).joined(separator: ", ")
        return
            "\(self.entity) \(self.recordID) 已被他人修改（版本 \(self.expectedVersion) → \(self.currentVersion)），冲突字段：\(names) "
            + "(changed since version \(self.expectedVersion); now \(self.currentVersion); fields: \(names))"
    }
}
