namespace CreatorAccountHealth.TestSupport;

/// <summary>
/// An HTTP client handler that checks every response against the published API contract before the test sees it
/// (<see cref="ApiContractValidator"/>): an undocumented status, content type, missing header or body shape fails the
/// test that received it.
/// </summary>
public sealed class ContractValidatingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public ContractValidatingHandler()
        : this(new HttpClientHandler())
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var operation = ApiContractValidator.Instance.Find(request.Method.Method, request.RequestUri!.AbsolutePath);
        ApiContractValidator.Instance.AssertResponse(
            operation,
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            name => response.Headers.Contains(name) || response.Content.Headers.Contains(name),
            body);
        return response;
    }
}
