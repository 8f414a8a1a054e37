using System.Buffers;
using System.Diagnostics;
using Coffer.Primitives;
using Coffer.Protocols;
using Coffer.Protocols.Http;
using Coffer.Protocols.SigV4;
using Coffer.Server.Accounts;
using Coffer.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Coffer.Server.Edge;

/// <summary>
/// The single AWS endpoint: request id, body limit, SigV4 authentication, region check, dispatch to the service named
/// by the credential scope, and the one place where errors become wire responses and each request is logged.
/// </summary>
internal sealed class AwsEndpoint(
    ServiceRegistry services,
    AccountStore accounts,
    SigV4Verifier verifier,
    IOptions<CofferOptions> options,
    ILogger<AwsEndpoint> logger)
{
    /// <summary>The response header carrying the request id.</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    private readonly IReadOnlySet<string> _regions = options.Value.EffectiveRegions;
    private readonly int _maxBody = options.Value.MaxRequestBodyBytes;

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Guid.NewGuid().ToString();
        var response = context.Response;
        response.Headers[RequestIdHeader] = requestId;
        var cancellationToken = context.RequestAborted;
        var protocol = AwsProtocol.RestJson;
        AwsService? service = null;
        AwsRequestContext? request = null;
        SigV4Credential? credential = null;
        try
        {
            var (rawPath, rawQuery) = SplitTarget(context);
            if (!QueryStringParser.TryParse(rawQuery, out var query, out var badSegment))
            {
                protocol = ShapeOfUnparsable(context.Request, rawQuery);
                throw EdgeErrors.MalformedQueryString(protocol, badSegment!);
            }

            protocol = RequestShape.Detect(context.Request, query);
            var parsed = SigV4AuthorizationParser.Parse(context.Request.Headers, query);
            credential = parsed.Credential;
            if (credential is not null && services.Find(credential.Service) is { } named)
            {
                service = named;
                protocol = named.Protocol;
            }

            if (context.Request.ContentLength > _maxBody)
            {
                throw EdgeErrors.BodyTooLarge(protocol, _maxBody);
            }

            if (!parsed.Succeeded)
            {
                throw EdgeErrors.Authentication(protocol, parsed.Failure, parsed.Message);
            }

            var caller = await AuthenticateAsync(context, credential!, rawPath, query, protocol, cancellationToken);
            if (service is null)
            {
                throw EdgeErrors.UnknownService(protocol, credential!.Service, services.Names);
            }

            request = new AwsRequestContext
            {
                RequestId = requestId,
                Caller = caller.Identity,
                Method = context.Request.Method,
                Path = context.Request.Path.Value ?? "/",
                Query = query,
                Headers = context.Request.Headers,
                Body = caller.Body,
                SourceAddress = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            };
            var result = await service.HandleAsync(request, cancellationToken);
            response.StatusCode = result.Status;
            response.ContentType = result.ContentType;
            response.ContentLength = result.Body.Length;
            await response.Body.WriteAsync(result.Body, cancellationToken);
        }
        catch (AwsServiceException error)
        {
            await ErrorWriter.WriteAsync(response, protocol, service?.XmlNamespace, error, requestId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.RequestAborted(logger, requestId);
            return;
        }
        catch (Exception e) when (!response.HasStarted)
        {
            Log.RequestFailed(logger, e, requestId, credential?.Service ?? "-", request?.Operation ?? "-");
            await ErrorWriter.WriteAsync(response, protocol, service?.XmlNamespace, EdgeErrors.Internal(protocol, requestId), requestId, cancellationToken);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogCompletion(requestId, request, credential, response.StatusCode, started);
            }
        }
    }

    private void LogCompletion(string requestId, AwsRequestContext? request, SigV4Credential? credential, int status, long started) =>
            Log.RequestCompleted(
                logger,
                requestId,
                request?.Caller.Account.Value ?? "-",
                credential?.Region ?? "-",
                credential?.Service ?? "-",
                request?.Operation ?? "-",
                status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private async Task<(CallerIdentity Identity, ReadOnlyMemory<byte> Body)> AuthenticateAsync(
        HttpContext context, SigV4Credential credential, string rawPath, List<KeyValuePair<string, string>> query, AwsProtocol protocol, CancellationToken cancellationToken)
    {
        if (context.Request.Headers.ContainsKey("X-Amz-Security-Token") || query.Any(p => p.Key == "X-Amz-Security-Token"))
        {
            throw EdgeErrors.Authentication(protocol, SigV4Failure.SessionTokenNotSupported,
                "Session tokens are not supported: Coffer has no STS sessions yet. Sign with an account's access key and secret, without a session token.");
        }

        if (!_regions.Contains(credential.Region))
        {
            throw EdgeErrors.Authentication(protocol, SigV4Failure.InvalidRegion,
                $"Credential should be scoped to a valid region, not '{(credential.Region.Length > 32 ? credential.Region[..32] + "…" : credential.Region)}'.");
        }

        var body = await ReadBodyAsync(context.Request, protocol, cancellationToken);
        var identity = await accounts.FindAccessKeyAsync(credential.AccessKeyId, cancellationToken)
            ?? throw EdgeErrors.Authentication(protocol, SigV4Failure.UnknownAccessKey, "The security token included in the request is invalid.");

        var signed = new SigV4Request(context.Request.Method, rawPath, query, context.Request.Headers, SigV4Signer.HexSha256(body.Span));
        var (failure, message) = verifier.Verify(signed, credential, identity.SecretAccessKey);
        if (failure != SigV4Failure.None)
        {
            throw EdgeErrors.Authentication(protocol, failure, message);
        }

        return (new CallerIdentity(identity.Account, identity.UserId, identity.PrincipalArn, credential.AccessKeyId, credential.Region), body);
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, AwsProtocol protocol, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var length ? (int)length : 4096);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                var read = await request.Body.ReadAsync(memory, cancellationToken);
                if (read == 0)
                {
                    return buffer.WrittenMemory;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > _maxBody)
                {
                    throw EdgeErrors.BodyTooLarge(protocol, _maxBody);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw EdgeErrors.BodyTooLarge(protocol, _maxBody);
        }
    }

    /// <summary>
    /// The protocol to answer a request whose query string cannot be decoded in: the named service's, when the
    /// Authorization header names one, else the one its shape suggests (an <c>Action=</c> segment means AWS Query).
    /// </summary>
    private AwsProtocol ShapeOfUnparsable(HttpRequest request, string rawQuery)
    {
        if (SigV4AuthorizationParser.Parse(request.Headers, []).Credential is { } credential && services.Find(credential.Service) is { } named)
        {
            return named.Protocol;
        }

        var shape = RequestShape.Detect(request, []);
        return shape == AwsProtocol.RestJson && rawQuery.TrimStart('?').Split('&').Any(s => s.StartsWith("Action=", StringComparison.Ordinal))
            ? AwsProtocol.Query
            : shape;
    }

    /// <summary>The path and query exactly as sent in the request line (SigV4 signs the encoded form).</summary>
    private static (string RawPath, string RawQuery) SplitTarget(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            return (context.Request.PathBase + context.Request.Path.ToUriComponent(), context.Request.QueryString.Value ?? string.Empty);
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (rawTarget, string.Empty) : (rawTarget[..question], rawTarget[question..]);
    }
}
