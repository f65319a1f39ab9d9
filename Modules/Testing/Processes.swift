public import Foundation

#if canImport(Glibc)
internal import Glibc
#endif

/// What the tests that run real processes share.
extension Process {
    /// Waits for the process to end and returns its status.
    ///
    /// Foundation's `waitUntilExit()` spins a run loop whose wake-up can be lost when the suite runs under
    /// libfaketime (`faketime -f '+365d' swift test`, which `.ci/run` does): the child has been reaped, yet the
    /// waiter sleeps on. Polling `isRunning`, which the reaper sets, has no such dependency.
    @discardableResult
    public func waitForExit() -> Int32 {
        while self.isRunning { usleep(2_000) }
        return self.terminationStatus
    }
}

/// A child process's environment: `variables`, plus what carries the test's own clock into it when the suite runs
/// under libfaketime, so that the children and the test agree on the date.
public func childEnvironment(_ variables: [String: String]) -> [String: String] {
    let inherited = ProcessInfo.processInfo.environment.filter { key, _ in
        key == "LD_PRELOAD" || key.hasPrefix("FAKETIME") || key == "DONT_FAKE_MONOTONIC"
    }
    return inherited.merging(variables) { $1 }
}
