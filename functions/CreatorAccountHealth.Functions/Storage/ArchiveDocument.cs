using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Violations;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// A creator's account archive (<c>docType: accountArchive</c>, id <c>account-archive</c>, in their partition of
/// <c>creators</c>, so erasing the partition erases it): the <see cref="ViolationArchive"/>, violations past the account's
/// hot window, in the account's compact array form. Written before the account drops them (a union by id, with
/// <c>If-Match</c>), about once a week per creator; read only by the rules that look back further than the hot window.
/// </summary>
public sealed record ArchiveDocument
{
    public const string DocumentId = "account-archive";

    /// <summary>Bump when the shape changes: an archive of another version is read as empty and rewritten by the next move or rebuild.</summary>
    public const int CurrentSchemaVersion = 1;

    public string Id { get; init; } = DocumentId;

    public required string CreatorId { get; init; }

    public string DocType { get; init; } = DocTypes.AccountArchive;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public List<ViolationEntry> Violations { get; init; } = [];

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public ViolationArchive ToDomain() => SchemaVersion == CurrentSchemaVersion
        ? new(CreatorId, Violations.Select(v => v.ToDomain(CreatorId)).ToList())
        : ViolationArchive.Empty(CreatorId);

    public ArchiveDocument With(ViolationArchive archive) => this with
    {
        SchemaVersion = CurrentSchemaVersion,
        Violations = archive.Violations.Select(ViolationEntry.From).ToList(),
    };
}
