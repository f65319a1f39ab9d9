internal import ChainDeskAPI
internal import ChainDeskDomain
internal import ChainDeskProto
internal import ChainDeskRPC
internal import ChainDeskWire
internal import Foundation
internal import SwiftProtobuf

/// Reads answered from the cached working set: the FROM_COPY half of `API.FieldCopy`.
extension Offline {
    func whoAmI(_ request: Chaindesk_V1_WhoAmIRequest) throws -> Chaindesk_V1_UserInfo {
        guard let me = self.cache.identity else { throw Self.missing("who you are") }
        return me
    }

    func getEnterprise(_ request: Chaindesk_V1_GetEnterpriseRequest) throws -> Chaindesk_V1_Enterprise {
        guard case .enterprise(let enterprise) = try self.cache.record("enterprise", id: request.id)?.record else {
            throw ClientError(.notFound, "no enterprise \(request.id) in this device's copy")
        }
        return enterprise
    }

    func listEnterprises(_ request: Chaindesk_V1_ListEnterprisesRequest) throws -> Chaindesk_V1_EnterpriseList {
        let limit = Int(request.limit == 0 ? 100 : min(request.limit, 1000))
        let matching = try self.enterprises().filter {
            $0.id > request.after && (request.ownerID.isEmpty || $0.ownerID == request.ownerID)
                && (request.kind.isEmpty || $0.kind == request.kind)
                && (request.chainID.isEmpty || $0.chainID == request.chainID)
        }
        let page = Array(matching.prefix(limit))
        return Chaindesk_V1_EnterpriseList.with {
            $0.enterprises = page
            $0.next = matching.count > limit ? page.last?.id ?? "" : ""
        }
    }

    func search(_ request: Chaindesk_V1_SearchRequest) throws -> Chaindesk_V1_SearchResponse {
        let found = try self.cache.search(request.query, limit: Int(request.limit == 0 ? 20 : request.limit))
        return Chaindesk_V1_SearchResponse.with {
            $0.hits = found.compactMap { record in
                switch record.record {
                case .enterprise(let e):
                    .with { hit in (hit.kind, hit.id, hit.title) = ("enterprise", e.id, e.legalName) }
                case .contact(let c): .with { hit in (hit.kind, hit.id, hit.title) = ("contact", c.id, c.name) }
                default: nil
                }
            }
        }
    }

    func listContacts(_ request: Chaindesk_V1_ListContactsRequest) throws -> Chaindesk_V1_ContactList {
        return Chaindesk_V1_ContactList.with {
            $0.contacts =
                (try? self.cache.records("contact", enterprise: request.enterpriseID))?.compactMap {
                    if case .contact(let contact) = $0.record { contact } else { nil }
                } ?? []
        }
    }

    func listInteractions(_ request: Chaindesk_V1_ListInteractionsRequest) throws -> Chaindesk_V1_InteractionList {
        let all = try self.cache.records("interaction", enterprise: request.enterpriseID).compactMap {
            if case .interaction(let interaction) = $0.record { interaction } else { nil }
        }
        return Chaindesk_V1_InteractionList.with {
            $0.interactions = Array(
                all.sorted { $0.occurredAtMs > $1.occurredAtMs }.prefix(
                    Int(request.limit == 0 ? 50 : request.limit)
                )
            )
        }
    }

    func listProjects(_ request: Chaindesk_V1_ListProjectsRequest) throws -> Chaindesk_V1_ProjectList {
        return Chaindesk_V1_ProjectList.with {
            var projects =
                (try? self.projects())?.filter {
                    (request.enterpriseID.isEmpty || $0.enterpriseID == request.enterpriseID)
                        && (request.ownerID.isEmpty || $0.ownerID == request.ownerID)
                        && (request.stage.isEmpty || $0.stage == request.stage)
                        && (request.status.isEmpty || $0.status == request.status)
                        && (!request.awaitingVerification || (!$0.signedOn.isEmpty && $0.signingVerifiedBy.isEmpty))
                } ?? []
            if request.awaitingVerification { projects.sort { ($0.signedOn, $0.id) < ($1.signedOn, $1.id) } }
            if request.limit > 0 { projects = Array(projects.prefix(Int(request.limit))) }
            $0.projects = projects
        }
    }

    func getProject(_ request: Chaindesk_V1_GetProjectRequest) throws -> Chaindesk_V1_ProjectDetail {
        guard let project = try self.projects().first(where: { $0.id == request.id }) else {
            throw ClientError(.notFound, "no project \(request.id) in this device's copy")
        }
        return Chaindesk_V1_ProjectDetail.with { $0.project = project }
    }

    func listServiceRequests(_ request: Chaindesk_V1_ListServiceRequestsRequest) throws
        -> Chaindesk_V1_ServiceRequestList
    {
        return Chaindesk_V1_ServiceRequestList.with {
            $0.requests =
                (try? self.serviceRequests())?.filter {
                    (!request.openOnly || $0.status != "closed")
                        && (request.handlerID.isEmpty || $0.handlerID == request.handlerID)
                        && (request.enterpriseID.isEmpty || $0.enterpriseID == request.enterpriseID)
                } ?? []
        }
    }

    func getServiceRequest(_ request: Chaindesk_V1_GetServiceRequestRequest) throws -> Chaindesk_V1_ServiceRequest {
        guard let found = try self.serviceRequests().first(where: { $0.id == request.id }) else {
            throw ClientError(.notFound, "no service request \(request.id) in this device's copy")
        }
        return found
    }

    func getChainMap(_ request: Chaindesk_V1_ChainMapRequest) throws -> Chaindesk_V1_ChainMap {
        let chains = try self.all("chain").compactMap { if case .chain(let c) = $0.record { c } else { nil } }
            .filter { request.chainID.isEmpty || $0.id == request.chainID }
        let ids = Set(chains.map(\.id))
        let links = try self.all("chainLink").compactMap { if case .link(let l) = $0.record { l } else { nil } }
            .filter { ids.contains($0.chainID) }
        let linkIDs = Set(links.map(\.id))
        let placements = try self.all("placement").compactMap {
            if case .placement(let p) = $0.record { p } else { nil }
        }.filter { linkIDs.contains($0.linkID) }
        let names = Dictionary(uniqueKeysWithValues: try self.enterprises().map { ($0.id, $0.legalName) })
        return Chaindesk_V1_ChainMap.with {
            $0.chains = chains
            $0.links = links
            $0.placements = placements
            for placement in placements {
                $0.enterpriseNames[placement.enterpriseID] = names[placement.enterpriseID]
            }
        }
    }

    func listStaff(_ request: Chaindesk_V1_ListStaffRequest) throws -> Chaindesk_V1_StaffList {
        return Chaindesk_V1_StaffList.with {
            $0.staff =
                (try? self.all("staff"))?.compactMap { if case .staff(let s) = $0.record { s } else { nil } } ?? []
        }
    }

    func listEvents(_ request: Chaindesk_V1_ListEventsRequest) throws -> Chaindesk_V1_EventList {
        return Chaindesk_V1_EventList.with {
            $0.events = ((try? self.all("event")) ?? []).compactMap {
                if case .event(let e) = $0.record { e } else { nil }
            }.sorted { $0.startsOn > $1.startsOn }
        }
    }

    func listTrips(_ request: Chaindesk_V1_ListTripsRequest) throws -> Chaindesk_V1_TripList {
        let visits = Dictionary(
            grouping: try self.all("plannedVisit").compactMap {
                if case .visit(let v) = $0.record { v } else { nil }
            },
            by: \.tripID
        )
        return Chaindesk_V1_TripList.with {
            $0.trips = ((try? self.all("trip")) ?? []).compactMap {
                if case .trip(var trip) = $0.record {
                    trip.visits = (visits[trip.id] ?? []).sorted { ($0.plannedOn, $0.id) < ($1.plannedOn, $1.id) }
                    return trip
                }
                return nil
            }.filter { request.staffID.isEmpty || $0.staffIds.contains(request.staffID) }
                .sorted { $0.startsOn > $1.startsOn }
        }
    }

    func listReferrals(_ request: Chaindesk_V1_ListReferralsRequest) throws -> Chaindesk_V1_ReferralList {
        let referrals = ((try? self.all("referral")) ?? []).compactMap {
            if case .referral(let r) = $0.record { r } else { nil }
        }.filter { request.introducerID.isEmpty || $0.introducerID == request.introducerID }
        var names: [String: String] = [:]
        for referral in referrals {
            names[referral.introducerID] = try self.name(referral.introducerKind, referral.introducerID)
            names[referral.introducedID] = try self.name("enterprise", referral.introducedID)
        }
        let known = names
        return Chaindesk_V1_ReferralList.with {
            $0.referrals = referrals
            $0.names = known
        }
    }

    func listLeadBatches(_ request: Chaindesk_V1_ListLeadBatchesRequest) throws -> Chaindesk_V1_LeadBatchList {
        let candidates = Dictionary(grouping: try self.candidates(), by: \.batchID)
        return Chaindesk_V1_LeadBatchList.with {
            $0.batches = ((try? self.all("leadBatch")) ?? []).compactMap {
                if case .leadBatch(let b) = $0.record { b } else { nil }
            }.sorted { $0.receivedOn > $1.receivedOn }.map { batch in
                let own = candidates[batch.id] ?? []
                return .with {
                    $0.batch = batch
                    $0.candidates = Int32(own.count)
                    $0.shortlisted = Int32(own.count { $0.decision == "shortlisted" })
                    $0.rejected = Int32(own.count { $0.decision == "rejected" })
                }
            }
        }
    }

    func getLeadBatch(_ request: Chaindesk_V1_GetLeadBatchRequest) throws -> Chaindesk_V1_LeadBatchDetail {
        guard case .leadBatch(let batch) = try self.cache.record("leadBatch", id: request.id)?.record else {
            throw ClientError(.notFound, "no lead batch \(request.id) in this device's copy")
        }
        // The node's pages: candidates in id order, at most a page from the offset.
        let all = ((try? self.candidates()) ?? []).filter { $0.batchID == batch.id }.sorted { $0.id < $1.id }
        let limit = request.limit <= 0 ? leadPageSize : min(Int(request.limit), leadPageSize)
        let page = all.dropFirst(max(0, Int(request.offset))).prefix(limit)
        return Chaindesk_V1_LeadBatchDetail.with {
            $0.batch = batch
            $0.totalCandidates = Int32(all.count)
            $0.candidates = page.map { candidate in
                var scored = candidate
                scored.total = Self.score(candidate, batch.criteria)
                return scored
            }
        }
    }

    func listConflicts(_ request: Chaindesk_V1_ListConflictsRequest) throws -> Chaindesk_V1_ConflictList {
        return Chaindesk_V1_ConflictList.with {
            $0.conflicts = ((try? self.all("editConflict")) ?? []).compactMap {
                if case .conflict(let c) = $0.record { c } else { nil }
            }
        }
    }

    /// The name a record of this device's copy is shown by: an introducer or an enterprise, by kind.
    func name(_ kind: String, _ id: String) throws -> String? {
        let entity = kind == "chamber" ? "enterprise" : kind
        switch try self.cache.record(entity, id: id)?.record {
        case .enterprise(let e): return e.legalName
        case .contact(let c): return c.name
        case .staff(let s): return s.name
        case .event(let e): return e.name
        default: return nil
        }
    }
}
