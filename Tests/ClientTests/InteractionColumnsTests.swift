import ChainDeskAPI
import ChainDeskProto
import SwiftProtobuf
import Testing

@Suite("Interactions in columns")
struct InteractionColumnsTests {
    static func interaction(_ id: String, at ms: Int64, summary: String = "微信发送园区资料") -> Chaindesk_V1_Interaction {
        .with {
            $0.id = id
            $0.kind = "wechat"
            $0.enterpriseID = "e7"
            $0.staffID = "wu"
            $0.occurredAtMs = ms
            $0.summary = summary
        }
    }

    @Test("every field comes back, ordered by time, whatever the ids and times")
    func roundTrip() throws {
        var odd = Self.interaction("7f3e2c1a-0b9d-4c6e-8a5f-1d2e3f4a5b6c", at: 1_764_388_800_123)
        odd.contactIds = ["c1", "c2"]
        odd.needsFound = ["用地", "融资"]
        odd.nextStep = "寄送协议"
        odd.nextStepDue = "2026-12-01"
        odd.correctsID = "i0"
        odd.eventID = "ciie-2026"
        let all = [
            Self.interaction("i10", at: 1_764_388_800_000), odd, Self.interaction("i09", at: 1_764_000_000_000),
            Self.interaction("x", at: -5_000), Self.interaction("i0", at: 1_764_388_800_000, summary: "走访"),
        ]
        let decoded = try InteractionColumnsCodec.decode(InteractionColumnsCodec.encode(all))
        #expect(decoded == all.sorted { ($0.occurredAtMs, $0.id) < ($1.occurredAtMs, $1.id) })
    }

    @Test("whole seconds travel as seconds, and repeated strings once")
    func compact() {
        let all = (0..<100).map { Self.interaction("i\($0)", at: 1_764_388_800_000 + Int64($0) * 60_000) }
        let columns = InteractionColumnsCodec.encode(all)
        #expect(columns.timeUnit == 1000 && columns.occurredAt.dropFirst().allSatisfy { $0 == 60 })
        #expect(columns.strings.count == 6, "\(columns.strings)")
    }

    @Test("columns of different lengths or out-of-range indices are refused, not guessed", arguments: [0, 1, 2])
    func malformed(kind: Int) {
        var columns = InteractionColumnsCodec.encode([Self.interaction("i1", at: 1000)])
        switch kind {
        case 0: columns.kind.append(0)
        case 1: columns.summary[0] = 99
        default: columns.timeUnit = 7
        }
        #expect(throws: ColumnsError.self) { _ = try InteractionColumnsCodec.decode(columns) }
    }
}
