import ChainDeskDomain
import Foundation
import Testing

@Suite("Unified social credit code")
struct CreditCodeTests {
    @Test(
        "published and constructed codes are valid",
        arguments: ["91110000600037341L", "91 110000 600037341l", "９１１１００００６０００３７３４１Ｌ"]
    )
    func valid(text: String) throws {
        let code = try CreditCode(text)
        #expect(code.rawValue == "91110000600037341L")
        #expect(code.entityKind == "市场监督管理 · 企业")
        #expect(code.divisionCode == "110000")
        #expect(code.organisationCode == "60003734-1")
    }

    @Test(
        "each broken part is named",
        arguments: [
            ("9111000060003734", CreditCodeError.Part.length),
            ("91110000600037341I", .characters),
            ("B1110000600037341L", .authority),
            ("94110000600037341L", .entityType),
            ("9111A000600037341L", .division),
            ("91990000600037341L", .division),
            ("91110000600037342L", .organisationCheck),
            ("91110000600037341M", .checkCharacter),
        ]
    )
    func invalid(text: String, part: CreditCodeError.Part) {
        #expect {
            try CreditCode(text)
        } throws: { error in
            (error as? CreditCodeError)?.part == part
        }
    }

    @Test("the error says which character and what was expected")
    func message() {
        do {
            _ = try CreditCode("91110000600037341M")
            Issue.record("must fail")
        } catch {
            #expect(error.chinese == "第18位校验码应为“L”，实际为“M”")
            #expect(error.english.contains("should be 'L', not 'M'"))
        }
    }

    @Test("every single-character change of thousands of generated codes is caught")
    func corruptionsAreCaught() throws {
        var generator = SplitMix64(seed: 42)
        let alphabet = CreditCode.alphabet
        for _ in 0..<2_000 {
            let body = String((0..<8).map { _ in alphabet[Int(generator.next() % 31)] })
            let code = try CreditCode.make(prefix: "91", division: "510113", body: body)
            var chars = Array(code.rawValue)
            let position = Int(generator.next() % 18)
            let replacement = alphabet.filter { $0 != chars[position] }[Int(generator.next() % 30)]
            chars[position] = replacement
            #expect(throws: CreditCodeError.self) { try CreditCode(String(chars)) }
        }
    }

    @Test("the check character matches the standard's formula, computed independently")
    func checkCharacterFormula() throws {
        // C18 = 31 − (Σ Ci × 3^(i−1) mod 31) mod 31, with weights computed here rather than taken from the code.
        var generator = SplitMix64(seed: 7)
        let alphabet = CreditCode.alphabet
        for _ in 0..<1_000 {
            let body = String((0..<8).map { _ in alphabet[Int(generator.next() % 31)] })
            let code = try CreditCode.make(prefix: "51", division: "441900", body: body)
            let chars = Array(code.rawValue)
            var weight = 1
            var sum = 0
            for char in chars[0..<17] {
                sum += alphabet.firstIndex(of: char)! * weight
                weight = weight * 3 % 31
            }
            #expect(chars[17] == alphabet[(31 - sum % 31) % 31])
        }
    }
}

@Suite("Credit codes against an independent implementation")
struct CreditCodeCrossCheckTests {
    struct Case: Decodable {
        var code: String
        var valid: Bool
        var part: String?
    }

    struct File: Decodable {
        var cases: [Case]
    }

    @Test(
        "thousands of valid and corrupted codes get the same verdict, and the same failing part, as Tools/checks/credit_codes.py"
    )
    func agree() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "credit-codes.json"
        )
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        #expect(file.cases.count > 4000)
        var disagreements: [String] = []
        for testCase in file.cases {
            do {
                _ = try CreditCode(testCase.code)
                if !testCase.valid {
                    disagreements.append("\(testCase.code): accepted, expected \(testCase.part ?? "?")")
                }
            } catch {
                if testCase.valid || error.part.rawValue != testCase.part {
                    disagreements.append("\(testCase.code): \(error.part), expected \(testCase.part ?? "valid")")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }

    @Test("every published code of a real organisation is accepted, the post-2015 MA… codes among them")
    func published() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "credit-codes-published.txt"
        )
        let codes = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(codes.count == 200)
        #expect(codes.contains("92340621MA2UK3CE6L"))
        var refused: [String] = []
        for code in codes {
            do {
                _ = try CreditCode(code)
            } catch {
                refused.append("\(code): \(error.english)")
            }
        }
        #expect(refused.isEmpty, "\(refused.count) refused: \(refused.prefix(5))")
    }

    @Test("GB 11714 values letters A=10 … Z=35 in the organisation code, not by their place in GB 32100's set")
    func organisationLetters() throws {
        // 91310115MA1K3BTP2B: the body MA1K3BTP sums, by GB 11714 (M=22, A=10, K=20, B=11, T=29, P=25), to
        // 66+70+9+200+15+88+116+50 = 614; 614 mod 11 = 9; 11 − 9 = 2: the check digit is 2.
        let code = try CreditCode("91310115MA1K3BTP2B")
        #expect(code.organisationCode == "MA1K3BTP-2")
    }
}
