using System.Text.Json;
using CreatorAccountHealth.Functions.Storage;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests;

public sealed class AccountDocumentJsonTests
{
    private static readonly Instant IssuedAt = Instant.FromUtc(2026, 11, 20, 10, 0, 0) + Duration.FromTicks(1234567);

    [Fact]
    public void A_violation_entry_is_stored_as_an_array_and_reads_back_the_same()
    {
        var withMessage = new ViolationEntry("v-1", "dangerous-acts", "livestream", "live-7", IssuedAt, 10, "Fireworks \"on\" camera");
        var withoutMessage = withMessage with { ViolationId = "v-2", Message = null };

        var json = JsonSerializer.Serialize(new[] { withMessage, withoutMessage }, CosmosContainers.DocumentJson);

        Assert.Equal(
            """[["v-1","dangerous-acts","livestream","live-7","2026-11-20T10:00:00.1234567Z",10,"Fireworks \u0022on\u0022 camera"],["v-2","dangerous-acts","livestream","live-7","2026-11-20T10:00:00.1234567Z",10]]""",
            json);
        Assert.Equal([withMessage, withoutMessage], JsonSerializer.Deserialize<ViolationEntry[]>(json, CosmosContainers.DocumentJson)!);
    }

    [Fact]
    public void A_schema_1_violation_object_still_reads_so_the_account_can_be_seen_to_need_a_rebuild()
    {
        const string json = """{"violationId":"v-1","policyCode":"dangerous-acts","surface":"video","contentId":"c-1","issuedAt":"2026-11-20T10:00:00.1234567Z","points":3,"message":null,"extra":{"a":[1]}}""";

        var entry = JsonSerializer.Deserialize<ViolationEntry>(json, CosmosContainers.DocumentJson);

        Assert.Equal(new ViolationEntry("v-1", "dangerous-acts", "video", "c-1", IssuedAt, 3, null), entry);
    }

    [Theory]
    [InlineData("[\"v-1\",\"p\",\"video\",\"c\"]")]
    [InlineData("[\"v-1\",\"p\",\"video\",\"c\",\"2026-11-20T10:00:00.0000000Z\",1,\"m\",\"extra\"]")]
    [InlineData("\"v-1\"")]
    public void A_malformed_violation_entry_is_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ViolationEntry>(json, CosmosContainers.DocumentJson));

    [Theory]
    [InlineData("2026-11-20T10:00:00.1234567Z")]
    [InlineData("0001-01-01T00:00:00.0000000Z")]
    [InlineData("9999-12-31T23:59:59.0000000Z")]
    public void Instants_are_stored_fixed_width_in_UTC(string stored)
    {
        var instant = JsonSerializer.Deserialize<Instant>($"\"{stored}\"", CosmosContainers.DocumentJson);

        Assert.Equal($"\"{stored}\"", JsonSerializer.Serialize(instant, CosmosContainers.DocumentJson));
    }

    [Fact]
    public void An_instant_in_another_ISO_form_is_read_as_the_same_moment()
    {
        var instant = JsonSerializer.Deserialize<Instant>("\"2026-11-20T11:00:00.1234567+01:00\"", CosmosContainers.DocumentJson);

        Assert.Equal(IssuedAt, instant);
    }
}
