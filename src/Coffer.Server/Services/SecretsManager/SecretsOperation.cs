using System.Text.Json;
using Coffer.Data.Secrets;
using Coffer.Keys;
using Coffer.Server.Edge;
using Coffer.Server.Services.Kms;

namespace Coffer.Server.Services.SecretsManager;

/// <summary>
/// One Secrets Manager operation: reads its input with AWS's shape checks (the JSON 1.1 reader KMS uses: wrong JSON
/// types are SerializationException, length and range constraints ValidationException), calls the secrets service,
/// writes AWS's response shape.
/// </summary>
internal abstract class SecretsOperation(SecretsService secrets) : JsonOperation
{
    /// <summary>The secrets service.</summary>
    protected SecretsService Secrets { get; } = secrets;

    /// <inheritdoc />
    public sealed override ValueTask<byte[]> ExecuteAsync(AwsRequestContext request, JsonElement input, CancellationToken cancellationToken) =>
        ExecuteAsync(new KmsCaller(request.Caller.Account, request.Caller.PrincipalArn, request.Caller.Region, request.Caller.AccessKeyId), new KmsInput(input), cancellationToken);

    /// <summary>Runs the operation for <paramref name="caller"/>.</summary>
    protected abstract ValueTask<byte[]> ExecuteAsync(KmsCaller caller, KmsInput input, CancellationToken cancellationToken);

    /// <summary>The <c>SecretId</c> field (1–2048 characters).</summary>
    protected static string SecretId(KmsInput input) => input.RequiredString("SecretId", 1, 2048);

    /// <summary>The <c>ClientRequestToken</c> field (32–64 characters), if any.</summary>
    protected static string? ClientRequestToken(KmsInput input) => input.OptionalString("ClientRequestToken", 32, 64);

    /// <summary>
    /// <c>SecretString</c> or <c>SecretBinary</c> (1–65536 characters or bytes; base64 on the wire), or
    /// <see langword="null"/> when neither is given. Both is InvalidParameterException.
    /// </summary>
    protected static SecretValue? Value(KmsInput input)
    {
        var text = input.OptionalString("SecretString", 1, 65536);
        var binary = input.OptionalBlob("SecretBinary", 1, 65536);
        if (text is not null && binary is not null)
        {
            Array.Clear(binary);
            throw SecretsErrors.InvalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        }

        if (binary is not null)
        {
            var value = SecretValue.FromBinary(binary);
            Array.Clear(binary);
            return value;
        }

        return text is null ? null : SecretValue.FromString(text);
    }
}
