using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Keys.Grants;
using Coffer.Keys.Service;
using Coffer.Server.Edge;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>
/// CreateGrant: a grant on a key named by id or ARN (another account's by ARN). The response carries a new grant token;
/// the audit record names only the grant id, never the token.
/// </summary>
internal sealed class CreateGrantOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "CreateGrant";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var input = call.Input;
        var keyId = input.RequiredString("KeyId", 1, 2048);
        var grantInput = new CreateGrantInput
        {
            GranteePrincipal = input.RequiredString("GranteePrincipal", 1, CreateGrantValidator.MaxNameLength),
            RetiringPrincipal = input.OptionalString("RetiringPrincipal", 1, CreateGrantValidator.MaxNameLength),
            Operations = input.Element("Operations", JsonValueKind.Array) is null ? throw KmsInput.Missing("Operations") : input.StringList("Operations", int.MaxValue),
            Constraints = ReadConstraints(input),
            Name = input.OptionalString("Name", 1, CreateGrantValidator.MaxNameLength),
            GrantTokens = GrantTokens(input),
        };
        var dryRun = input.OptionalBool("DryRun") ?? false;
        var result = await Keys.CreateGrantAsync(call.Caller, keyId, grantInput, dryRun, cancellationToken);
        call.KeyArn = result.KeyArn;
        call.ResponseElements = new JsonObject { ["grantId"] = result.GrantId };
        return KmsJson.Object(w =>
        {
            w.WriteString("GrantToken", result.GrantToken);
            w.WriteString("GrantId", result.GrantId);
        });
    }

    private static GrantConstraints? ReadConstraints(KmsInput input)
    {
        if (input.Element("Constraints", JsonValueKind.Object) is not { } element)
        {
            return null;
        }

        return new GrantConstraints
        {
            EncryptionContextSubset = ReadPairs(element, "EncryptionContextSubset"),
            EncryptionContextEquals = ReadPairs(element, "EncryptionContextEquals"),
        };
    }

    private static Dictionary<string, string>? ReadPairs(JsonElement constraints, string field)
    {
        if (!constraints.TryGetProperty(field, out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            throw JsonErrors.Serialization($"The value of Constraints.{field} must be a map, not a JSON {map.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in map.EnumerateObject())
        {
            pairs[pair.Name] = pair.Value.ValueKind == JsonValueKind.String
                ? pair.Value.GetString()!
                : throw JsonErrors.Serialization($"The value of Constraints.{field}.{pair.Name} must be a string, not a JSON {pair.Value.ValueKind.ToString().ToLowerInvariant()}.");
        }

        return pairs;
    }
}
