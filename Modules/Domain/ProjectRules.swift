public import Foundation

/// The transitions of a project, each checked against the rules and recorded in the project's log.
extension Project {
    /// Moves the project to a later stage on `day`, with the evidence for it.
    ///
    /// Rules: the project must be active or delayed; stages never go back; a stage may be skipped up to 签约
    /// (a signing at a fair may come straight from a lead) but the evidence must say so; stages after 签约 need
    /// the signing verified by a director; the day may not precede the current stage's day nor lie in the future.
    public mutating func advance(
        to stage: Stage,
        on day: Day,
        evidence: String,
        by actor: Actor,
        now: Date,
        entryID: ID<ProjectLogEntry> = .random()
    ) throws(DomainError) -> ProjectLogEntry {
        guard self.status == .active || self.status == .delayed else {
            throw DomainError(
                .illegalTransition,
                "项目状态为“\(self.status.chinese)”，不能推进阶段；请先恢复为推进中",
                "the project is \(self.status.rawValue); reactivate it before changing its stage"
            )
        }
        guard stage > self.stage else {
            throw DomainError(
                .illegalTransition,
                "项目阶段不能从“\(self.stage.chinese)”变为“\(stage.chinese)”：阶段只能向前",
                "a project cannot move from \(self.stage.rawValue) to \(stage.rawValue): stages only move forward"
            )
        }
        if stage > .signed, !self.countsAsSigned {
            throw DomainError(
                .illegalTransition,
                "签约尚未经部长核实，不能进入“\(stage.chinese)”",
                "the signing has not been verified by a director, so the project cannot move to \(stage.rawValue)"
            )
        }
        let trimmed = evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw DomainError(
                .missingField,
                "阶段变更需要依据（如合同编号、会议纪要）",
                "a stage change needs evidence (a contract number, minutes of a meeting)"
            )
        }
        let skipped = Stage.allCases.filter { $0 > self.stage && $0 < stage }
        if stage > .signed, !skipped.isEmpty {
            throw DomainError(
                .illegalTransition,
                "签约之后的阶段不能跳过：从“\(self.stage.chinese)”到“\(stage.chinese)”跳过了\(skipped.map(\.chinese).joined(separator: "、"))",
                "stages after signing cannot be skipped: \(self.stage.rawValue) to \(stage.rawValue) skips "
                    + skipped.map(\.rawValue).joined(separator: ", ")
            )
        }
        try Self.checkDay(day, notBefore: self.stageOn, now: now)
        let entry = ProjectLogEntry(
            id: entryID,
            projectID: self.id,
            kind: .stage,
            from: self.stage.rawValue,
            to: stage.rawValue,
            on: day,
            note: skipped.isEmpty ? trimmed : "\(trimmed)（跳过：\(skipped.map(\.chinese).joined(separator: "、"))）",
            by: actor.staffID,
            recordedAt: now
        )
        self.stage = stage
        self.stageOn = day
        if stage == .signed, self.signedOn == nil { self.signedOn = day }
        return entry
    }

    /// Verifies the signing; only a director may, and only once.
    public mutating func verifySigning(
        by actor: Actor,
        on day: Day,
        note: String,
        now: Date,
        entryID: ID<ProjectLogEntry> = .random()
    ) throws(DomainError) -> ProjectLogEntry {
        guard actor.role == .director else {
            throw DomainError(.notPermitted, "只有部长可以核实签约", "only a director may verify a signing")
        }
        guard let signedOn = self.signedOn else {
            throw DomainError(.illegalTransition, "项目尚未签约，无需核实", "the project has not been signed")
        }
        guard self.signingVerifiedBy == nil else {
            throw DomainError(.illegalTransition, "签约已核实过", "the signing has already been verified")
        }
        try Self.checkDay(day, notBefore: signedOn, now: now)
        self.signingVerifiedBy = actor.staffID
        self.signingVerifiedOn = day
        return ProjectLogEntry(
            id: entryID,
            projectID: self.id,
            kind: .verification,
            on: day,
            note: note,
            by: actor.staffID,
            recordedAt: now
        )
    }

    /// Changes the status. Every status but active needs a reason; abandoned is final; a lost project may be
    /// reopened with a reason.
    public mutating func setStatus(
        _ status: Status,
        reason: String?,
        on day: Day,
        by actor: Actor,
        now: Date,
        entryID: ID<ProjectLogEntry> = .random()
    ) throws(DomainError) -> ProjectLogEntry {
        guard status != self.status else {
            throw DomainError(
                .illegalTransition,
                "项目已是“\(status.chinese)”",
                "the project is already \(status.rawValue)"
            )
        }
        guard self.status != .abandoned else {
            throw DomainError(.illegalTransition, "项目已终止，不能再变更状态", "an abandoned project cannot change status")
        }
        let trimmed = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if status != .active || self.status == .lost, trimmed.isEmpty {
            throw DomainError(
                .missingField,
                "状态改为“\(status.chinese)”需要说明原因",
                "changing the status to \(status.rawValue) needs a reason"
            )
        }
        try Self.checkDay(day, notBefore: nil, now: now)
        let entry = ProjectLogEntry(
            id: entryID,
            projectID: self.id,
            kind: .status,
            from: self.status.rawValue,
            to: status.rawValue,
            on: day,
            note: trimmed,
            by: actor.staffID,
            recordedAt: now
        )
        self.status = status
        self.statusReason = trimmed.isEmpty ? nil : trimmed
        return entry
    }

    /// Adds capital to a signed project: the amount grows, the project still counts once.
    public mutating func addInvestment(
        _ amount: Yuan,
        fixedAssets: Yuan = .zero,
        on day: Day,
        note: String,
        by actor: Actor,
        now: Date,
        entryID: ID<ProjectLogEntry> = .random()
    ) throws(DomainError) -> ProjectLogEntry {
        guard amount.amount > 0, fixedAssets.amount >= 0, fixedAssets <= amount else {
            throw DomainError(
                .invalidValue,
                "追加投资须为正数，且固定资产部分不超过追加额",
                "added capital must be positive, with the fixed-asset part no more than the addition"
            )
        }
        try Self.checkDay(day, notBefore: nil, now: now)
        let planned = try self.plannedInvestment.adding(amount)
        let fixed = try self.fixedAssetInvestment.adding(fixedAssets)
        self.plannedInvestment = planned
        self.fixedAssetInvestment = fixed
        return ProjectLogEntry(
            id: entryID,
            projectID: self.id,
            kind: .investment,
            on: day,
            note: note,
            amount: amount,
            by: actor.staffID,
            recordedAt: now
        )
    }

    static func checkDay(_ day: Day, notBefore earliest: Day?, now: Date) throws(DomainError) {
        if day > Day(now) {
            throw DomainError(.invalidDate, "日期\(day)在今天之后", "\(day) is in the future")
        }
        if let earliest, day < earliest {
            throw DomainError(
                .invalidDate,
                "日期\(day)早于上一阶段日期\(earliest)",
                "\(day) is before the previous stage's day, \(earliest)"
            )
        }
    }
}
