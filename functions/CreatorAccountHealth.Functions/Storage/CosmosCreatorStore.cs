using System.Net;
using System.Text.Json;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Webhooks;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// The creators container. Recording is a single create of a document whose id is the event's natural key, so
/// idempotency costs nothing extra: a repeat is a 409, answered with the receipt stored in the first document.
/// </summary>
public sealed class CosmosCreatorStore(CosmosContainers containers) : ICreatorStore
{
    private readonly Container container = containers.Creators;

    public async Task<RecordResult> RecordAsync(PlatformEvent platformEvent, Instant receivedAt, CancellationToken cancellationToken)
    {
        var document = CreatorDocument.For(platformEvent, receivedAt);
        var partitionKey = new PartitionKey(document.CreatorId);
        try
        {
            await CosmosGuard.RunAsync(() => container.CreateItemAsync(document, partitionKey, NoContentResponse, cancellationToken), cancellationToken);
            return new RecordResult(true, document.Receipt());
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await CosmosGuard.RunAsync(() => container.ReadItemAsync<CreatorDocument>(document.Id, partitionKey, cancellationToken: cancellationToken), cancellationToken);
            return new RecordResult(false, existing.Resource.Receipt());
        }
    }

    public async Task<CreatorHistory> LoadHistoryAsync(string creatorId, CancellationToken cancellationToken)
    {
        // The partition key is also in the filter: the query stays in one partition on every Cosmos implementation.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.creatorId = @creatorId AND c.docType IN (@violation, @overturn, @notice, @profile, @trainingAttendance, @quizLedger)")
            .WithParameter("@creatorId", creatorId)
            .WithParameter("@violation", DocTypes.Violation)
            .WithParameter("@overturn", DocTypes.Overturn)
            .WithParameter("@notice", DocTypes.Notice)
            .WithParameter("@profile", DocTypes.Profile)
            .WithParameter("@trainingAttendance", DocTypes.TrainingAttendance)
            .WithParameter("@quizLedger", DocTypes.QuizLedger);

        var violations = new List<Violation>();
        var overturns = new List<Overturn>();
        var notices = new List<Notice>();
        var attended = new List<TrainingAttendance>();
        ProfileDocument? latestProfile = null;
        QuizLedgerDocument? quizLedger = null;

        await CosmosGuard.RunAsync(
            async () =>
            {
                using var iterator = container.GetItemQueryIterator<JsonElement>(
                    query,
                    requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(creatorId) });
                while (iterator.HasMoreResults)
                {
                    foreach (var element in await iterator.ReadNextAsync(cancellationToken))
                    {
                        // The quiz ledger is state, not a recorded event: it has its own shape.
                        if (element.TryGetProperty("docType", out var docType) && docType.ValueEquals(DocTypes.QuizLedger))
                        {
                            quizLedger = element.Deserialize<QuizLedgerDocument>(CosmosContainers.DocumentJson);
                            continue;
                        }

                        switch (element.Deserialize<CreatorDocument>(CosmosContainers.DocumentJson))
                        {
                            case ViolationDocument v:
                                violations.Add(v.ToDomain());
                                break;
                            case OverturnDocument o:
                                overturns.Add(o.ToDomain());
                                break;
                            case NoticeDocument n:
                                notices.Add(n.ToDomain());
                                break;
                            case TrainingAttendanceDocument a:
                                attended.Add(a.ToDomain());
                                break;
                            case ProfileDocument p when IsNewer(p, latestProfile):
                                latestProfile = p;
                                break;
                        }
                    }
                }

                return true;
            },
            cancellationToken);

        return new CreatorHistory(creatorId, latestProfile?.ToDomain(), violations, overturns, notices)
        {
            PointRemovals = quizLedger?.ToRemovals(),
            QuizAttempts = quizLedger?.ToAttempts(),
            TrainingAttendances = attended,
        };
    }

    /// <summary>Out-of-order profile updates: the latest occurrence wins, ties broken by event id so every reader agrees.</summary>
    private static bool IsNewer(ProfileDocument candidate, ProfileDocument? current) =>
        current is null
        || candidate.OccurredAt > current.OccurredAt
        || (candidate.OccurredAt == current.OccurredAt && string.CompareOrdinal(candidate.EventId, current.EventId) > 0);

    private static readonly ItemRequestOptions NoContentResponse = new() { EnableContentResponseOnWrite = false };
}
