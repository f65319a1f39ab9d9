#if canImport(Glibc)
internal import Glibc
#endif

/// Heap allocations counted by Tools/malloc-count (preloaded), or nil when it is not loaded.
enum Allocations {
    typealias Counter = @convention(c) () -> UInt

    static let counter: Counter? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "chaindesk_allocations") else { return nil }
        return unsafeBitCast(symbol, to: Counter.self)
        #else
        return nil
        #endif
    }()

    static var current: UInt? { Self.counter?() }
}
