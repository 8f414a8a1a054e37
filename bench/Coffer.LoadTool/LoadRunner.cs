using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Coffer.LoadTool;

/// <summary>Prepares a key (and a ciphertext for Decrypt), then drives the endpoint with N clients for M requests.</summary>
internal sealed class LoadRunner(KmsClient client, LoadOptions options)
{
    /// <summary>Creates what the operation needs and returns the request body every call sends.</summary>
    public async Task<byte[]> PrepareAsync(CancellationToken cancellationToken)
    {
        var keyId = options.KeyId;
        if (keyId is null)
        {
            var created = await client.CallAsync("CreateKey", new Dictionary<string, object> { ["Description"] = "coffer-load" }, cancellationToken);
            keyId = created.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        }

        var plaintext = RandomNumberGenerator.GetBytes(options.Bytes);
        object body = options.Operation switch
        {
            "GenerateDataKey" => new Dictionary<string, object> { ["KeyId"] = keyId, ["KeySpec"] = "AES_256" },
            "Encrypt" => new Dictionary<string, object> { ["KeyId"] = keyId, ["Plaintext"] = Convert.ToBase64String(plaintext) },
            _ => new Dictionary<string, object>
            {
                ["CiphertextBlob"] = (await client.CallAsync("Encrypt", new Dictionary<string, object> { ["KeyId"] = keyId, ["Plaintext"] = Convert.ToBase64String(plaintext) }, cancellationToken))
                    .GetProperty("CiphertextBlob").GetString()!,
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>Sends <paramref name="count"/> requests from <see cref="LoadOptions.Concurrency"/> clients.</summary>
    public async Task<LoadResult> RunAsync(byte[] body, int count, CancellationToken cancellationToken)
    {
        var latencies = new long[count];
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(options.Operation, body, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        var code = ErrorCode(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                        errors.AddOrUpdate($"{(int)response.StatusCode} {code}", 1, (_, n) => n + 1);
                    }
                }
                catch (HttpRequestException e)
                {
                    errors.AddOrUpdate($"transport {e.HttpRequestError}", 1, (_, n) => n + 1);
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    errors.AddOrUpdate("timeout", 1, (_, n) => n + 1);
                }

                latencies[i] = Stopwatch.GetTimestamp() - sent;
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadResult(options.Label ?? options.Endpoint.ToString(), options.Operation, options.Concurrency, elapsed, latencies, errors);
    }

    private static string ErrorCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("__type", out var type) ? type.GetString() ?? "-" : "-";
        }
        catch (JsonException)
        {
            return "(not JSON)";
        }
    }
}
