internal import Synchronization

/// A one-shot event that any number of tasks can wait for; waiting ends early if the waiting task is cancelled.
package final class Signal<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [Int: CheckedContinuation<Value?, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// Fires the signal with `value`; later calls are ignored. Returns whether this call fired it.
    @discardableResult
    package func fire(_ value: Value) -> Bool {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Value?, Never>]? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value, once fired.
    package var value: Value? { self.state.withLock { $0.value } }

    /// Waits until the signal fires; returns nil if the task is cancelled first.
    package func wait() async -> Value? {
        let (fired, id) = self.state.withLock { state in
            defer { state.nextWaiter += 1 }
            return (state.value, state.nextWaiter)
        }
        if let fired { return fired }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = self.state.withLock { state -> Value?? in
                    if let value = state.value { return .some(value) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }
}
