using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ListAliases: the account's aliases in the region, or one key's; Limit 1–100 (default 50) and Marker.</summary>
internal sealed class ListAliasesOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ListAliases";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.OptionalString("KeyId", 1, 2048);
        var limit = call.Input.OptionalInt("Limit", 1, 100) ?? 50;
        var marker = call.Input.OptionalString("Marker", 1, 1024);
        var (page, next) = await Keys.ListAliasesAsync(call.Caller, keyId, limit, marker, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteStartArray("Aliases");
            foreach (var alias in page)
            {
                w.WriteStartObject();
                w.WriteString("AliasName", alias.AliasName);
                w.WriteString("AliasArn", alias.AliasArn);
                if (alias.TargetKeyId is not null)
                {
                    w.WriteString("TargetKeyId", alias.TargetKeyId);
                    w.WriteDate("CreationDate", alias.CreationDate!.Value);
                    w.WriteDate("LastUpdatedDate", alias.LastUpdatedDate!.Value);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            Paging.Write(w, next);
        });
    }
}
