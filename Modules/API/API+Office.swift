public import ChainDeskProto
public import ChainDeskRPC

extension API {
    public enum IndustryMap {
        public static let getChainMap = Method<Chaindesk_V1_ChainMapRequest, Chaindesk_V1_ChainMap>(
            id: 80,
            name: "chaindesk.v1.IndustryMap/GetChainMap",
            kind: .unary
        )
        public static let putChain = Method<Chaindesk_V1_PutChainRequest, Chaindesk_V1_Chain>(
            id: 81,
            name: "chaindesk.v1.IndustryMap/PutChain",
            kind: .unary
        )
        public static let putLink = Method<Chaindesk_V1_PutLinkRequest, Chaindesk_V1_ChainLink>(
            id: 82,
            name: "chaindesk.v1.IndustryMap/PutLink",
            kind: .unary
        )
        public static let place = Method<Chaindesk_V1_PlaceRequest, Chaindesk_V1_Placement>(
            id: 83,
            name: "chaindesk.v1.IndustryMap/Place",
            kind: .unary
        )
        public static let unplace = Method<Chaindesk_V1_UnplaceRequest, Chaindesk_V1_Placement>(
            id: 84,
            name: "chaindesk.v1.IndustryMap/Unplace",
            kind: .unary
        )
    }

    public enum Leads {
        public static let importBatch = Method<Chaindesk_V1_ImportLeadBatchRequest, Chaindesk_V1_LeadBatchDetail>(
            id: 50,
            name: "chaindesk.v1.Leads/ImportLeadBatch",
            kind: .unary
        )
        public static let listBatches = Method<Chaindesk_V1_ListLeadBatchesRequest, Chaindesk_V1_LeadBatchList>(
            id: 51,
            name: "chaindesk.v1.Leads/ListLeadBatches",
            kind: .unary
        )
        public static let getBatch = Method<Chaindesk_V1_GetLeadBatchRequest, Chaindesk_V1_LeadBatchDetail>(
            id: 52,
            name: "chaindesk.v1.Leads/GetLeadBatch",
            kind: .unary
        )
        public static let screen = Method<Chaindesk_V1_ScreenCandidateRequest, Chaindesk_V1_LeadCandidate>(
            id: 53,
            name: "chaindesk.v1.Leads/ScreenCandidate",
            kind: .unary
        )
        public static let markBatch = Method<Chaindesk_V1_MarkLeadBatchRequest, Chaindesk_V1_LeadBatchDetail>(
            id: 54,
            name: "chaindesk.v1.Leads/MarkLeadBatch",
            kind: .unary
        )
        public static let createReferral = Method<Chaindesk_V1_CreateReferralRequest, Chaindesk_V1_Referral>(
            id: 55,
            name: "chaindesk.v1.Leads/CreateReferral",
            kind: .unary
        )
        public static let listReferrals = Method<Chaindesk_V1_ListReferralsRequest, Chaindesk_V1_ReferralList>(
            id: 56,
            name: "chaindesk.v1.Leads/ListReferrals",
            kind: .unary
        )
        public static let streamBatch = Method<Chaindesk_V1_ImportLeadBatchRequest, Chaindesk_V1_LeadBatchSummary>(
            id: 57,
            name: "chaindesk.v1.Leads/StreamLeadBatch",
            kind: .clientStreaming
        )
    }

    public enum Projects {
        public static let create = Method<Chaindesk_V1_CreateProjectRequest, Chaindesk_V1_Project>(
            id: 96,
            name: "chaindesk.v1.Projects/CreateProject",
            kind: .unary
        )
        public static let get = Method<Chaindesk_V1_GetProjectRequest, Chaindesk_V1_ProjectDetail>(
            id: 97,
            name: "chaindesk.v1.Projects/GetProject",
            kind: .unary
        )
        public static let list = Method<Chaindesk_V1_ListProjectsRequest, Chaindesk_V1_ProjectList>(
            id: 98,
            name: "chaindesk.v1.Projects/ListProjects",
            kind: .unary
        )
        public static let advance = Method<Chaindesk_V1_AdvanceProjectRequest, Chaindesk_V1_Project>(
            id: 99,
            name: "chaindesk.v1.Projects/AdvanceProject",
            kind: .unary
        )
        public static let verifySigning = Method<Chaindesk_V1_VerifySigningRequest, Chaindesk_V1_Project>(
            id: 100,
            name: "chaindesk.v1.Projects/VerifySigning",
            kind: .unary
        )
        public static let setStatus = Method<Chaindesk_V1_SetProjectStatusRequest, Chaindesk_V1_Project>(
            id: 101,
            name: "chaindesk.v1.Projects/SetProjectStatus",
            kind: .unary
        )
        public static let addInvestment = Method<Chaindesk_V1_AddInvestmentRequest, Chaindesk_V1_Project>(
            id: 102,
            name: "chaindesk.v1.Projects/AddInvestment",
            kind: .unary
        )
    }

    public enum Events {
        public static let createEvent = Method<Chaindesk_V1_CreateEventRequest, Chaindesk_V1_Event>(
            id: 104,
            name: "chaindesk.v1.Events/CreateEvent",
            kind: .unary
        )
        public static let listEvents = Method<Chaindesk_V1_ListEventsRequest, Chaindesk_V1_EventList>(
            id: 105,
            name: "chaindesk.v1.Events/ListEvents",
            kind: .unary
        )
        public static let createTrip = Method<Chaindesk_V1_CreateTripRequest, Chaindesk_V1_Trip>(
            id: 106,
            name: "chaindesk.v1.Events/CreateTrip",
            kind: .unary
        )
        public static let listTrips = Method<Chaindesk_V1_ListTripsRequest, Chaindesk_V1_TripList>(
            id: 107,
            name: "chaindesk.v1.Events/ListTrips",
            kind: .unary
        )
        public static let planVisit = Method<Chaindesk_V1_PlanVisitRequest, Chaindesk_V1_PlannedVisit>(
            id: 108,
            name: "chaindesk.v1.Events/PlanVisit",
            kind: .unary
        )
        public static let setVisitStatus = Method<Chaindesk_V1_SetVisitStatusRequest, Chaindesk_V1_PlannedVisit>(
            id: 109,
            name: "chaindesk.v1.Events/SetVisitStatus",
            kind: .unary
        )
    }

    public enum ServiceRequests {
        public static let open = Method<Chaindesk_V1_OpenServiceRequestRequest, Chaindesk_V1_ServiceRequest>(
            id: 112,
            name: "chaindesk.v1.ServiceRequests/OpenServiceRequest",
            kind: .unary
        )
        public static let list = Method<Chaindesk_V1_ListServiceRequestsRequest, Chaindesk_V1_ServiceRequestList>(
            id: 113,
            name: "chaindesk.v1.ServiceRequests/ListServiceRequests",
            kind: .unary
        )
        public static let get = Method<Chaindesk_V1_GetServiceRequestRequest, Chaindesk_V1_ServiceRequest>(
            id: 114,
            name: "chaindesk.v1.ServiceRequests/GetServiceRequest",
            kind: .unary
        )
        public static let change = Method<Chaindesk_V1_ChangeServiceRequestRequest, Chaindesk_V1_ServiceRequest>(
            id: 115,
            name: "chaindesk.v1.ServiceRequests/ChangeServiceRequest",
            kind: .unary
        )
    }

    public enum Reports {
        public static let cumulative = Method<Chaindesk_V1_CumulativeReportRequest, Chaindesk_V1_CumulativeReport>(
            id: 120,
            name: "chaindesk.v1.Reports/Cumulative",
            kind: .unary
        )
        public static let funnel = Method<Chaindesk_V1_FunnelReportRequest, Chaindesk_V1_FunnelReport>(
            id: 121,
            name: "chaindesk.v1.Reports/Funnel",
            kind: .unary
        )
        public static let relationships = Method<
            Chaindesk_V1_RelationshipReportRequest, Chaindesk_V1_RelationshipReport
        >(
            id: 122,
            name: "chaindesk.v1.Reports/Relationship",
            kind: .unary
        )
        public static let chainCoverage = Method<
            Chaindesk_V1_ChainCoverageReportRequest, Chaindesk_V1_ChainCoverageReport
        >(
            id: 123,
            name: "chaindesk.v1.Reports/ChainCoverage",
            kind: .unary
        )
        public static let referrals = Method<Chaindesk_V1_ReferralReportRequest, Chaindesk_V1_ReferralReport>(
            id: 124,
            name: "chaindesk.v1.Reports/Referral",
            kind: .unary
        )
        public static let aftercare = Method<Chaindesk_V1_PeriodRequest, Chaindesk_V1_AftercareReport>(
            id: 125,
            name: "chaindesk.v1.Reports/Aftercare",
            kind: .unary
        )
        public static let officerActivity = Method<Chaindesk_V1_PeriodRequest, Chaindesk_V1_OfficerActivityReport>(
            id: 126,
            name: "chaindesk.v1.Reports/OfficerActivity",
            kind: .unary
        )
        public static let eventYield = Method<Chaindesk_V1_EventYieldReportRequest, Chaindesk_V1_EventYieldReport>(
            id: 127,
            name: "chaindesk.v1.Reports/EventYield",
            kind: .unary
        )
    }

    public enum Admin {
        public static let listStaff = Method<Chaindesk_V1_ListStaffRequest, Chaindesk_V1_StaffList>(
            id: 22,
            name: "chaindesk.v1.Admin/ListStaff",
            kind: .unary
        )
        public static let updateUser = Method<Chaindesk_V1_UpdateUserRequest, Chaindesk_V1_UserInfo>(
            id: 23,
            name: "chaindesk.v1.Admin/UpdateUser",
            kind: .unary
        )
        public static let setPassword = Method<Chaindesk_V1_SetPasswordRequest, Chaindesk_V1_UserInfo>(
            id: 24,
            name: "chaindesk.v1.Admin/SetPassword",
            kind: .unary
        )
        public static let auditTrail = Method<Chaindesk_V1_AuditTrailRequest, Chaindesk_V1_AuditTrailResponse>(
            id: 25,
            name: "chaindesk.v1.Admin/AuditTrail",
            kind: .unary
        )
        public static let suggestAssignment = Method<
            Chaindesk_V1_SuggestAssignmentRequest, Chaindesk_V1_AssignmentSuggestion
        >(
            id: 37,
            name: "chaindesk.v1.Admin/SuggestAssignment",
            kind: .unary
        )
        public static let applyAssignment = Method<Chaindesk_V1_ApplyAssignmentRequest, Chaindesk_V1_AssignmentResult>(
            id: 38,
            name: "chaindesk.v1.Admin/ApplyAssignment",
            kind: .unary
        )
        public static let signIns = Method<Chaindesk_V1_SignInsRequest, Chaindesk_V1_SignInsResponse>(
            id: 128,
            name: "chaindesk.v1.Admin/SignIns",
            kind: .unary
        )
    }
}

extension API {
    public enum Sync {
        public static let pull = Method<Chaindesk_V1_PullRequest, Chaindesk_V1_SyncBatch>(
            id: 70,
            name: "chaindesk.v1.Sync/Pull",
            kind: .serverStreaming
        )
        public static let listConflicts = Method<Chaindesk_V1_ListConflictsRequest, Chaindesk_V1_ConflictList>(
            id: 71,
            name: "chaindesk.v1.Sync/ListConflicts",
            kind: .unary
        )
        public static let resolveConflict = Method<Chaindesk_V1_ResolveConflictRequest, Chaindesk_V1_Conflict>(
            id: 72,
            name: "chaindesk.v1.Sync/ResolveConflict",
            kind: .unary
        )
    }
}
