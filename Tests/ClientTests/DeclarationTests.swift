import ChainDeskAPI
import ChainDeskDomain
import Foundation
import SwiftProtobuf
import Testing

@testable import ChainDeskClient

/// The field client's copy does with each method what the method's declaration says (Protocol/chaindesk/v1,
/// `offline:`), so a method declared for offline use cannot be left out of the copy, nor a copy answer for the node.
@Suite("What a device does offline is what each method declares")
struct DeclarationTests {
    @Test("the copy takes on every FROM_COPY and QUEUED method, and nothing else")
    func everyDeclaration() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("offline-declarations-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let offline = Offline(cache: try FieldCache(path: path))
        #expect(API.declarations.contains { $0.offline == .fromCopy })
        #expect(API.declarations.contains { $0.offline == .queued })
        for declaration in API.declarations {
            let request = declaration.request.init()
            let taken = Self.takenOn { try offline.answer(declaration.id, request, key: "declaration-test") }
            #expect(
                taken == (declaration.offline != .needsNode),
                "\(declaration.name) is declared \(declaration.offline)"
            )
        }
    }

    @Test("every QUEUED method's request is checked on the device before it is sent or queued")
    func everyQueuedWriteIsChecked() {
        for declaration in API.declarations where declaration.offline == .queued {
            #expect(
                declaration.request.init() is any CheckedWrite,
                "\(declaration.name) is QUEUED, but its request has no CheckedWrite (Modules/API/CheckedWrite.swift)"
            )
        }
    }

    @Test("the committed method table is the one the .proto files declare (Tools/generate-protos.sh was run)")
    func generatedTableIsCurrent() throws {
        let folder = Self.root.appendingPathComponent("Protocol/chaindesk/v1")
        var declared: [UInt32: String] = [:]
        let option =
            #/
            option \s \(chaindesk\.v1\.method\) \s = \s \{ \s id: \s (\d+), \s access: \s (\w+)
            (?:, \s roles: \s \[([A-Z_,\ ]*)\])?, \s offline: \s (\w+) \s \}
            /#
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".proto") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: option) {
                declared[UInt32(match.1)!] = "\(match.2) [\(match.3 ?? "")] \(match.4)"
            }
        }
        var generated: [UInt32: String] = [:]
        for declaration in API.declarations {
            let roles: String
            let access: String
            switch declaration.access {
            case .open: (access, roles) = ("PUBLIC", "")
            case .signedIn: (access, roles) = ("SIGNED_IN", "")
            case .roles(let set):
                access = "ROLES"
                roles = Staff.Role.allCases.filter(set.contains).map(\.protoName).joined(separator: ", ")
            }
            let names = ["fromCopy": "FROM_COPY", "queued": "QUEUED", "needsNode": "NEEDS_NODE"]
            let offline = names[declaration.offline.rawValue]!
            generated[declaration.id] = "\(access) [\(roles)] \(offline)"
        }
        #expect(declared.count == API.declarations.count, "every rpc's declaration is on one line, in this form")
        let differing = Set(declared.keys).union(generated.keys).filter { declared[$0] != generated[$0] }.sorted()
        #expect(
            differing.isEmpty,
            "Modules/API/Generated is stale for method ids \(differing): run Tools/generate-protos.sh"
        )
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("every declared method is called by the field client, so none is left without a command")
    func everyMethodHasACaller() throws {
        let root = Self.root
        var text = ""
        for folder in ["Apps/chaindesk", "Modules/Client"] {
            let directory = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                text += try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            }
        }
        for declaration in API.declarations {
            // chaindesk.v1.Projects/ListProjects → API.Projects.listProjects
            let parts = declaration.name.dropFirst("chaindesk.v1.".count).split(separator: "/")
            let method = parts[1].prefix(1).lowercased() + parts[1].dropFirst()
            let reference = "API.\(parts[0]).\(method)"
            let pattern = reference.replacingOccurrences(of: ".", with: "\\.") + "\\b"
            #expect(
                text.range(of: pattern, options: .regularExpression) != nil,
                "nothing in Apps/chaindesk or Modules/Client calls \(reference)"
            )
        }
    }

    /// Whether the copy took the call on: answered it, or refused it for a reason of its own (nothing synced yet,
    /// an empty request) — anything but passing it by (nil).
    static func takenOn(_ body: () throws -> (any SwiftProtobuf.Message)?) -> Bool {
        do {
            return try body() != nil
        } catch {
            return true
        }
    }
}

extension Staff.Role {
    /// The role as options.proto's StaffRole spells it: deputyHead → DEPUTY_HEAD.
    var protoName: String {
        self.rawValue.reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }
}
