/// Tasks suspended until something happens, oldest first, each removable by its id (when its task is cancelled).
package struct Waiters {
    package init() {}

    package private(set) var entries: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []

    package var isEmpty: Bool { self.entries.isEmpty }

    package mutating func add(_ id: Int, _ continuation: CheckedContinuation<Void, any Error>) {
        self.entries.append((id, continuation))
    }

    package mutating func remove(_ id: Int) -> CheckedContinuation<Void, any Error>? {
        guard let index = self.entries.firstIndex(where: { $0.id == id }) else { return nil }
        return self.entries.remove(at: index).continuation
    }

    package mutating func removeFirst() -> CheckedContinuation<Void, any Error>? {
        self.entries.isEmpty ? nil : self.entries.removeFirst().continuation
    }

    package mutating func takeAll() -> [CheckedContinuation<Void, any Error>] {
        defer { self.entries = [] }
        return self.entries.map(\.continuation)
    }
}
