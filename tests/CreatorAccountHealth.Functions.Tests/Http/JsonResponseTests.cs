using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Tests.Integration;
using Microsoft.AspNetCore.Http;

namespace CreatorAccountHealth.Functions.Tests.Http;

public sealed class JsonResponseTests
{
    [Fact]
    public async Task Problem_details_read_as_written_apostrophes_and_quotes_included()
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        var response = await AppHarness.ExecuteUncheckedAsync(context, Problems.NotFound("Unknown violation", "Creator 'c-1' has no violation \"v-9\"."));

        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Contains("""Creator 'c-1' has no violation \"v-9\".""", response.Body);
        Assert.Equal("Creator 'c-1' has no violation \"v-9\".", response.Json.GetProperty("detail").GetString());
    }
}
