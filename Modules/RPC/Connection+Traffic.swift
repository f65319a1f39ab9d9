internal import Synchronization

extension Connection {
    /// Bytes moved by one connection so far: all bytes on the wire each way; of those, the connection's setup
    /// (each side's preface and first SETTINGS, paid once per connection) and the message payloads (as carried,
    /// compressed or not); and the messages those carry (as the application sees them).
    public final class Traffic: Sendable {
        private let wireSent = Atomic<Int>(0)
        private let wireReceived = Atomic<Int>(0)
        private let payloadSent = Atomic<Int>(0)
        private let payloadReceived = Atomic<Int>(0)
        private let messagesSent = Atomic<Int>(0)
        private let messagesReceived = Atomic<Int>(0)
        private let setup = Atomic<Int>(0)

        public struct Figures: Sendable, Codable, Equatable {
            public var wireSent = 0
            public var wireReceived = 0
            public var payloadSent = 0
            public var payloadReceived = 0
            public var messagesSent = 0
            public var messagesReceived = 0
            /// Wire bytes of the preface and first SETTINGS, both ways.
            public var setup = 0

            public init() {}

            /// Two connections' counts together.
            public static func + (left: Self, right: Self) -> Self {
                var sum = left
                sum.wireSent += right.wireSent
                sum.wireReceived += right.wireReceived
                sum.payloadSent += right.payloadSent
                sum.payloadReceived += right.payloadReceived
                sum.messagesSent += right.messagesSent
                sum.messagesReceived += right.messagesReceived
                sum.setup += right.setup
                return sum
            }
        }

        enum Counter {
            case wireSent, wireReceived, payloadSent, payloadReceived, messagesSent, messagesReceived, setup
        }

        /// Adds another connection's figures: a server keeps those of its closed connections this way.
        func absorb(_ figures: Figures) {
            self.wireSent.add(figures.wireSent, ordering: .relaxed)
            self.wireReceived.add(figures.wireReceived, ordering: .relaxed)
            self.payloadSent.add(figures.payloadSent, ordering: .relaxed)
            self.payloadReceived.add(figures.payloadReceived, ordering: .relaxed)
            self.messagesSent.add(figures.messagesSent, ordering: .relaxed)
            self.messagesReceived.add(figures.messagesReceived, ordering: .relaxed)
            self.setup.add(figures.setup, ordering: .relaxed)
        }

        func add(_ bytes: Int, to counter: Counter) {
            switch counter {
            case .wireSent: self.wireSent.add(bytes, ordering: .relaxed)
            case .wireReceived: self.wireReceived.add(bytes, ordering: .relaxed)
            case .payloadSent: self.payloadSent.add(bytes, ordering: .relaxed)
            case .payloadReceived: self.payloadReceived.add(bytes, ordering: .relaxed)
            case .messagesSent: self.messagesSent.add(bytes, ordering: .relaxed)
            case .messagesReceived: self.messagesReceived.add(bytes, ordering: .relaxed)
            case .setup: self.setup.add(bytes, ordering: .relaxed)
            }
        }

        /// The counts now.
        public var figures: Figures {
            var figures = Figures()
            figures.wireSent = self.wireSent.load(ordering: .relaxed)
            figures.wireReceived = self.wireReceived.load(ordering: .relaxed)
            figures.payloadSent = self.payloadSent.load(ordering: .relaxed)
            figures.payloadReceived = self.payloadReceived.load(ordering: .relaxed)
            figures.messagesSent = self.messagesSent.load(ordering: .relaxed)
            figures.messagesReceived = self.messagesReceived.load(ordering: .relaxed)
            figures.setup = self.setup.load(ordering: .relaxed)
            return figures
        }
    }
}
