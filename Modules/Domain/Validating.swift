/// A record whose fields can be checked on their own, before it is stored.
public protocol Validating {
    func validate() throws(DomainError)
}

extension Enterprise: Validating {}
extension Contact: Validating {}
extension Event: Validating {}
extension Trip: Validating {}
extension Project: Validating {}
extension LeadBatch: Validating {}
extension Referral: Validating {}
extension LeadCandidate: Validating {}

extension Staff: Validating {
    public func validate() throws(DomainError) {
        guard !self.name.allSatisfy(\.isWhitespace) else {
            throw DomainError(.missingField, "姓名不能为空", "a staff member needs a name")
        }
        try TextRule.line.check(self.name, "姓名", "name")
    }
}

extension Chain: Validating {
    public func validate() throws(DomainError) {
        guard !self.name.allSatisfy(\.isWhitespace) else {
            throw DomainError(.missingField, "产业链名称不能为空", "a chain needs a name")
        }
        try TextRule.line.check(self.name, "产业链名称", "chain name")
        try TextRule.text.check(self.summary, "产业链简介", "chain summary")
    }
}
