internal import Synchronization

/// A queue with one reader that waits for its next element: what the reader hands a call's messages (and a
/// server its new calls) through.
///
/// It does what an `AsyncThrowingStream` would, at a fraction of the cost per element, which matters because a
/// unary call makes one of these and passes one message through it: no generic stream storage to look up at
/// run time, no continuation canary, no cancellation record while elements are already waiting. It does not end
/// when the reading task is cancelled; whoever cancels a call also ends its queue (`Connection.removeCall`).
final class AsyncQueue<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var head = 0
        var waiter: UnsafeContinuation<Element?, any Error>?
        /// Set once the queue is finished: nil for a normal end, else the error the reader gets after the elements.
        var end: (any Error)??

        /// The next element, or the end once every element is read; nil while the reader must wait.
        mutating func take() -> Result<Element?, any Error>? {
            if self.head < self.elements.count {
                let element = self.elements[self.head]
                self.head += 1
                if self.head == self.elements.count {
                    self.elements.removeAll(keepingCapacity: true)
                    self.head = 0
                }
                return .success(element)
            }
            switch self.end {
            case .none: return nil
            case .some(.none): return .success(nil)
            case .some(.some(let error)): return .failure(error)
            }
        }
    }

    private let state = Mutex(State())

    init() {}

    /// Adds an element, handing it straight to a waiting reader; ignored once the queue is finished.
    func yield(_ element: Element) {
        let waiter = self.state.withLock { state -> UnsafeContinuation<Element?, any Error>? in
            guard state.end == nil else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.elements.append(element)
            return nil
        }
        waiter?.resume(returning: element)
    }

    /// Ends the queue: the reader gets what is queued, then nil (or `error`). Later calls are ignored.
    func finish(throwing error: (any Error)? = nil) {
        let waiter = self.state.withLock { state -> UnsafeContinuation<Element?, any Error>? in
            guard state.end == nil else { return nil }
            state.end = .some(error)
            defer { state.waiter = nil }
            return state.waiter
        }
        guard let waiter else { return }
        if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
    }

    /// The error the queue ended with, once it has.
    var failure: (any Error)? {
        self.state.withLock { state in
            guard case .some(.some(let error)) = state.end else { return nil }
            return error
        }
    }

    /// The next element; nil once the queue has ended normally. One reader at a time.
    func next() async throws -> Element? {
        if let ready = self.state.withLock({ $0.take() }) { return try ready.get() }
        return try await withUnsafeThrowingContinuation { continuation in
            let ready = self.state.withLock { state -> Result<Element?, any Error>? in
                guard let ready = state.take() else {
                    precondition(state.waiter == nil, "an AsyncQueue has one reader")
                    state.waiter = continuation
                    return nil
                }
                return ready
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
