package import NIOCore

/// Runs tasks on one event loop: a connection's reader, writer and calls then share the thread its socket is
/// served on, so a call wakes no other thread between the bytes arriving and the answer leaving.
///
/// Without it, every resumption — the reader after a read, a handler after its message, the writer after a
/// handler's send — is a jump to the global executor's threads and back to the event loop for the write: a
/// futex wake and a context switch each, which is most of what a small call costs.
package final class EventLoopExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    package init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
