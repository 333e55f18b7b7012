namespace LfRepo.Server.Problems;

/// <summary>One kind of error: the HTTP status, the title clients show and the Laserfiche-style error code.</summary>
public sealed record ProblemKind(int Status, string Title, int ErrorCode, string TypeSuffix);

/// <summary>
/// Every error the emulator answers with. Titles and statuses follow the Laserfiche spec where it names them
/// ("Entry name conflicts.", "Rate limit is reached."); error codes are documented in docs/compatibility.md.
/// </summary>
public static class ProblemCatalog
{
    public static readonly ProblemKind InvalidRequest = new(400, "Invalid request.", 9000, "invalidRequest");
    public static readonly ProblemKind InvalidQueryOption = new(400, "Invalid OData query option.", 9002, "invalidQueryOption");
    public static readonly ProblemKind InvalidEntryName = new(400, "Invalid entry name.", 9004, "invalidEntryName");
    public static readonly ProblemKind NotAFolder = new(400, "Entry is not a folder.", 9005, "notAFolder");
    public static readonly ProblemKind InvalidMove = new(400, "Invalid move.", 9006, "invalidMove");
    public static readonly ProblemKind RootFolderReadOnly = new(400, "The root folder cannot be changed.", 9007, "rootFolder");
    public static readonly ProblemKind InvalidCopy = new(400, "Invalid copy.", 9009, "invalidCopy");
    public static readonly ProblemKind FolderCopyNeedsTask = new(400, "Folders are copied with CopyAsync.", 9010, "folderCopy");
    public static readonly ProblemKind RootFolderNotDeletable = new(400, "The root folder cannot be deleted.", 9011, "rootFolderDelete");
    public static readonly ProblemKind InvalidAuditReason = new(400, "Need to provide correct audit reason.", 9012, "auditReason");
    public static readonly ProblemKind InvalidFieldValue = new(400, "Invalid field value.", 9020, "invalidFieldValue");
    public static readonly ProblemKind UnknownField = new(400, "Unknown field.", 9021, "unknownField");
    public static readonly ProblemKind UnknownTag = new(400, "Unknown tag.", 9022, "unknownTag");
    public static readonly ProblemKind UnknownLinkDefinition = new(400, "Unknown link definition.", 9023, "unknownLinkDefinition");
    public static readonly ProblemKind RequiredFieldMissing = new(400, "Required field has no value.", 9024, "requiredField");
    public static readonly ProblemKind InvalidCulture = new(400, "Invalid culture.", 9025, "invalidCulture");
    public static readonly ProblemKind FieldNameConflict = new(400, "Field name conflicts.", 9030, "fieldNameConflict");
    public static readonly ProblemKind InvalidFieldDefinition = new(400, "Invalid field definition.", 9031, "invalidFieldDefinition");
    public static readonly ProblemKind DataLossExpected = new(400, "The change would lose data.", 9032, "dataLossExpected");
    public static readonly ProblemKind MergeConflict = new(400, "The merged fields conflict.", 9033, "mergeConflict");
    public static readonly ProblemKind InvalidTemplateField = new(400, "Invalid template field.", 9034, "invalidTemplateField");
    public static readonly ProblemKind InvalidProperties = new(400, "Invalid custom properties.", 9035, "invalidProperties");
    public static readonly ProblemKind InvalidAccessControl = new(400, "Invalid access control entry.", 9040, "invalidAccessControl");
    public static readonly ProblemKind UnknownTrustee = new(400, "Unknown trustee.", 9041, "unknownTrustee");
    public static readonly ProblemKind InvalidStamp = new(400, "Invalid stamp.", 9111, "invalidStamp");
    public static readonly ProblemKind InvalidTableRow = new(400, "Invalid table row.", 9600, "invalidTableRow");
    public static readonly ProblemKind InvalidTableCsv = new(400, "Invalid table CSV.", 9601, "invalidTableCsv");
    public static readonly ProblemKind NotADocument = new(400, "Entry is not a document.", 9013, "notADocument");
    public static readonly ProblemKind NoPages = new(400, "The document has no pages to export.", 9014, "noPages");
    public static readonly ProblemKind InvalidUpload = new(400, "Invalid upload.", 9015, "invalidUpload");
    public static readonly ProblemKind InvalidFile = new(400, "Invalid file.", 9016, "invalidFile");
    public static readonly ProblemKind InvalidFolderPath = new(400, "Invalid folder path.", 9017, "invalidFolderPath");
    public static readonly ProblemKind OperationAlreadyCompleted = new(400, "Cannot cancel completed operation.", 9018, "operationCompleted");
    public static readonly ProblemKind UnsupportedGrantType = new(400, "Unsupported grant type.", 9008, "unsupportedGrantType");
    public static readonly ProblemKind SearchSyntax = new(400, "Search syntax error.", 7851, "searchSyntax");
    public static readonly ProblemKind SearchUnterminatedLiteral = new(400, "Literal lacks its closing quote.", 7855, "searchLiteral");
    public static readonly ProblemKind SearchInvalidCharacter = new(400, "Invalid character in search string.", 7857, "searchCharacter");
    public static readonly ProblemKind SearchIncompleteRange = new(400, "Incomplete character range.", 7859, "searchRange");
    public static readonly ProblemKind SearchUnexpectedEnd = new(400, "Unexpected end of search phrase.", 7861, "searchEnd");
    public static readonly ProblemKind SearchUnexpectedAnd = new(400, "Unexpected AND.", 7862, "searchAnd");
    public static readonly ProblemKind SearchUnexpectedOr = new(400, "Unexpected OR.", 7863, "searchOr");
    public static readonly ProblemKind SearchUnexpectedNot = new(400, "Unexpected NOT.", 7864, "searchNot");
    public static readonly ProblemKind SearchUnexpectedParenthesis = new(400, "Unexpected parenthesis.", 7865, "searchParenthesis");
    public static readonly ProblemKind SearchUnexpectedOperator = new(400, "Unexpected field operator.", 7866, "searchOperator");
    public static readonly ProblemKind SearchMissingParenthesis = new(400, "Missing right parenthesis.", 7868, "searchMissingParenthesis");
    public static readonly ProblemKind SearchMissingRightBrace = new(400, "Missing right brace.", 7870, "searchRightBrace");
    public static readonly ProblemKind SearchMissingLeftBrace = new(400, "Missing left brace.", 7871, "searchLeftBrace");
    public static readonly ProblemKind SearchUnknownTemplate = new(400, "Template name not recognized.", 7872, "searchTemplate");
    public static readonly ProblemKind SearchUnknownField = new(400, "Field name not recognized.", 7873, "searchField");
    public static readonly ProblemKind SearchInvalidFolder = new(400, "Invalid folder for search.", 7874, "searchFolder");
    public static readonly ProblemKind SearchInvalidFieldValue = new(400, "Invalid field value was inputted for the field type.", 7876, "searchFieldValue");
    public static readonly ProblemKind SearchInvalidTerm = new(400, "Search term is invalid.", 9084, "searchTerm");
    public static readonly ProblemKind SearchInvalidDate = new(400, "Invalid date format.", 9161, "searchDate");
    public static readonly ProblemKind SearchOperatorNotSupported = new(400, "Operator not supported for this search type.", 9181, "searchOperatorType");
    public static readonly ProblemKind SearchNotReady = new(400, "The search has not finished.", 9026, "searchNotReady");
    public static readonly ProblemKind SearchTimedOut = new(400, "The search timed out.", 9027, "searchTimeout");
    public static readonly ProblemKind SearchOnlyWildcards = new(400, "Full-text search made only of wildcards.", 9239, "searchWildcards");
    public static readonly ProblemKind SearchTooManyTerms = new(400, "The search has too many terms.", 9246, "searchTooManyTerms");
    public static readonly ProblemKind SearchInvalidParameter = new(400, "The search parameter is invalid.", 9245, "searchParameter");
    public static readonly ProblemKind InvalidEntryIds = new(400, "Invalid entry IDs.", 9050, "invalidEntryIds");
    public static readonly ProblemKind ReservedUserAreaName = new(400, "The user area name is reserved.", 9051, "reservedUserAreaName");
    public static readonly ProblemKind PersonalCollectionLimit = new(400, "Too many personal collections.", 9052, "personalCollectionLimit");
    public static readonly ProblemKind NotInFilePlan = new(400, "The parent is not in the record file plan.", 9800, "notInFilePlan");
    public static readonly ProblemKind InvalidAnnotation = new(400, "Invalid annotation.", 9060, "invalidAnnotation");
    public static readonly ProblemKind AnnotationOutsidePage = new(400, "The annotation lies outside the page.", 9061, "annotationOutsidePage");
    public static readonly ProblemKind AnnotationTypeMismatch = new(400, "The annotation type does not match.", 9062, "annotationTypeMismatch");
    public static readonly ProblemKind UnknownAnnotationReason = new(400, "Unknown annotation reason.", 9063, "unknownAnnotationReason");
    public static readonly ProblemKind UnknownStamp = new(400, "Unknown stamp.", 9064, "unknownStamp");
    public static readonly ProblemKind AnnotationHasNoContent = new(400, "The annotation has no such content.", 9065, "annotationContent");
    public static readonly ProblemKind AnnotationReasonInUse = new(400, "The annotation reason is in use.", 9066, "annotationReasonInUse");
    public static readonly ProblemKind AnnotationNotFound = new(404, "Annotation not found.", 9067, "annotationNotFound");
    public static readonly ProblemKind AnnotationReasonNotFound = new(404, "Annotation reason not found.", 9068, "annotationReasonNotFound");
    public static readonly ProblemKind AnnotationReasonRequired = new(400, "An annotation reason is required.", 9069, "annotationReasonRequired");
    public static readonly ProblemKind Unauthorized = new(401, "Access token is invalid or expired.", 9100, "unauthorized");
    public static readonly ProblemKind InvalidCredentials = new(401, "Invalid username or password.", 9101, "invalidCredentials");
    public static readonly ProblemKind AccountDisabled = new(401, "The account is disabled.", 9104, "accountDisabled");
    public static readonly ProblemKind AccessDenied = new(403, "Access denied.", 9103, "accessDenied");
    public static readonly ProblemKind RecordRetained = new(403, "The record is retained by its disposition schedule.", 9804, "recordRetained");
    public static readonly ProblemKind RecordReadOnly = new(403, "The entry is a record and cannot be changed.", 9805, "recordReadOnly");
    public static readonly ProblemKind RecordFolderClosed = new(409, "The record folder is closed.", 9806, "recordFolderClosed");
    public static readonly ProblemKind TableReadOnly = new(403, "The table is read-only.", 9602, "tableReadOnly");
    public static readonly ProblemKind RepositoryNotFound = new(404, "Repository not found.", 9200, "repositoryNotFound");
    public static readonly ProblemKind EntryNotFound = new(404, "Entry not found.", 9001, "entryNotFound");
    public static readonly ProblemKind NotARecord = new(404, "The entry is not a record or record folder.", 9801, "notARecord");
    public static readonly ProblemKind NotARecordFolder = new(404, "The entry is not a record folder.", 9802, "notARecordFolder");
    public static readonly ProblemKind NotARecordSeries = new(404, "The entry is not a record series.", 9803, "notARecordSeries");
    public static readonly ProblemKind SearchNotFound = new(404, "Search not found.", 9206, "searchNotFound");
    public static readonly ProblemKind TaskNotFound = new(404, "Task not found.", 9203, "taskNotFound");
    public static readonly ProblemKind TemplateNotFound = new(404, "Template not found.", 204, "templateNotFound");
    public static readonly ProblemKind FieldDefinitionNotFound = new(404, "Field definition not found.", 9210, "fieldDefinitionNotFound");
    public static readonly ProblemKind StampNotFound = new(404, "The requested stamp was not found.", 9110, "stampNotFound");
    public static readonly ProblemKind TagDefinitionNotFound = new(404, "Tag definition not found.", 9211, "tagDefinitionNotFound");
    public static readonly ProblemKind LinkDefinitionNotFound = new(404, "Link definition not found.", 9212, "linkDefinitionNotFound");
    public static readonly ProblemKind AttributeNotFound = new(404, "Attribute not found.", 9213, "attributeNotFound");
    public static readonly ProblemKind TrusteeNotFound = new(404, "Trustee not found.", 9214, "trusteeNotFound");
    public static readonly ProblemKind TableNotFound = new(404, "Table not found.", 9603, "tableNotFound");
    public static readonly ProblemKind TableRowNotFound = new(404, "Table row not found.", 9604, "tableRowNotFound");
    public static readonly ProblemKind PageNotFound = new(404, "Page not found.", 9205, "pageNotFound");
    public static readonly ProblemKind UploadNotFound = new(404, "Upload not found.", 9204, "uploadNotFound");
    public static readonly ProblemKind SnapshotNotFound = new(404, "Snapshot not found.", 9701, "snapshotNotFound");
    public static readonly ProblemKind FaultRuleNotFound = new(404, "Fault rule not found.", 9702, "faultRuleNotFound");
    public static readonly ProblemKind TaskNotHeld = new(409, "The task is not waiting to be run.", 9703, "taskNotHeld");
    public static readonly ProblemKind UserExists = new(409, "The user already exists.", 9704, "userExists");
    public static readonly ProblemKind NotAnAdministrator = new(403, "The control plane needs an administrator.", 9705, "notAnAdministrator");
    public static readonly ProblemKind RouteNotFound = new(404, "Resource not found.", 9201, "notFound");
    public static readonly ProblemKind MethodNotAllowed = new(405, "Method not allowed.", 9202, "methodNotAllowed");
    public static readonly ProblemKind NameConflict = new(409, "Entry name conflicts.", 9300, "conflict");
    public static readonly ProblemKind TemplateNameConflict = new(409, "Template name conflicts.", 9301, "templateNameConflict");
    public static readonly ProblemKind TemplateInUse = new(409, "The template is assigned to entries.", 9302, "templateInUse");
    public static readonly ProblemKind UserAreaNotFound = new(404, "User area not found.", 9216, "userAreaNotFound");
    public static readonly ProblemKind PersonalCollectionNotFound = new(404, "Personal collection not found.", 9217, "personalCollectionNotFound");
    public static readonly ProblemKind UserAreaNameConflict = new(409, "A user area with the requested name already exists.", 9303, "userAreaConflict");
    public static readonly ProblemKind PersonalCollectionNameConflict = new(409, "A personal collection with the requested name already exists, or the name is reserved.", 9304, "personalCollectionConflict");
    public static readonly ProblemKind TableRowConflict = new(409, "Table row key conflicts.", 9605, "tableRowConflict");
    public static readonly ProblemKind VersionControlConflict = new(409, "The document's version control state does not allow this.", 9305, "versionControl");
    public static readonly ProblemKind DocumentChanged = new(409, "The document changed while the request ran.", 9306, "documentChanged");
    public static readonly ProblemKind NotLocked = new(409, "The document holds no such lock.", 9307, "notLocked");
    public static readonly ProblemKind DocumentLocked = new(423, "The document is locked.", 9310, "documentLocked");
    public static readonly ProblemKind RequestTooLarge = new(413, "Request is too large.", 9400, "requestTooLarge");
    public static readonly ProblemKind UnsupportedMediaType = new(415, "Unsupported media type.", 9401, "unsupportedMediaType");
    public static readonly ProblemKind RateLimited = new(429, "Rate limit is reached.", 9500, "rateLimit");
    public static readonly ProblemKind WritesBusy = new(503, "The repository is busy with other writes.", 9940, "writesBusy");
    public static readonly ProblemKind Internal = new(500, "An unexpected error occurred.", 9900, "internal");
    public static readonly ProblemKind SnapshotRestored = new(500, "The repository was restored before the task finished.", 9706, "snapshotRestored");
    public static readonly ProblemKind TestTaskFailed = new(500, "The test task failed as requested.", 9903, "testTaskFailed");
    public static readonly ProblemKind ServerRestarted = new(500, "The server restarted before the task finished.", 9902, "serverRestarted");
    public static readonly ProblemKind RepositoryResetting = new(503, "The repository is being reset.", 9850, "repositoryResetting");
    public static readonly ProblemKind TextNotStorable = new(400, "The request holds text the store cannot keep.", 9880, "textNotStorable");
    public static readonly ProblemKind StoreEngineUnsupported = new(501, "Operation not supported on this store engine.", 9950, "storeEngineUnsupported");
    public static readonly ProblemKind NotImplemented = new(501, "Operation not supported by LfRepo.", 9901, "notImplemented");

    /// <summary>The kind for a bare status code that left the pipeline without a body (routing, auth, MVC).</summary>
    /// <summary>A problem the control plane injects (a fault rule, a task failed by hand): the caller's status and code.</summary>
    public static ProblemKind Injected(int status, string? title, int? errorCode)
    {
        var usual = ForStatus(status);
        return new ProblemKind(status, string.IsNullOrEmpty(title) ? usual.Title : title, errorCode ?? usual.ErrorCode, usual.TypeSuffix);
    }

    public static ProblemKind ForStatus(int status) => status switch
    {
        400 => InvalidRequest,
        401 => Unauthorized,
        403 => AccessDenied,
        404 => RouteNotFound,
        405 => MethodNotAllowed,
        413 => RequestTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        501 => NotImplemented,
        >= 500 => Internal,
        _ => new ProblemKind(status, $"HTTP status code {status}.", 9000 + status, "http" + status),
    };
}

/// <summary>Thrown by feature code to answer with a problem; the problem middleware turns it into ProblemDetails.</summary>
public sealed class ApiProblemException(ProblemKind kind, string? detail = null) : Exception(detail ?? kind.Title)
{
    public ProblemKind Kind { get; } = kind;

    public string? Detail { get; } = detail;

    /// <summary>Sent as Retry-After when set (a limit a client may try again after).</summary>
    public int? RetryAfterSeconds { get; init; }
}
