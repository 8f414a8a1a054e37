using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ListKeyRotations: the key's rotations oldest first (ALL_KEY_MATERIAL adds its first material); Limit 1–1000 (default 100) and Marker.</summary>
internal sealed class ListKeyRotationsOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ListKeyRotations";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var include = call.Input.OptionalEnum("IncludeKeyMaterial", "ALL_KEY_MATERIAL", "ROTATIONS_ONLY") ?? "ROTATIONS_ONLY";
        var limit = call.Input.OptionalInt("Limit", 1, 1000) ?? 100;
        var marker = call.Input.OptionalString("Marker", 1, 1024);
        var (page, next) = await Keys.ListKeyRotationsAsync(call.Caller, keyId, include == "ALL_KEY_MATERIAL", limit, marker, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteStartArray("Rotations");
            foreach (var rotation in page)
            {
                w.WriteStartObject();
                w.WriteString("KeyId", rotation.KeyId);
                w.WriteString("KeyMaterialId", rotation.KeyMaterialId.ToString());
                w.WriteString("KeyMaterialState", rotation.KeyMaterialState);
                if (rotation.RotationDate is { } date)
                {
                    w.WriteDate("RotationDate", date);
                }

                if (rotation.RotationType is { } type)
                {
                    w.WriteString("RotationType", type);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            Paging.Write(w, next);
        });
    }
}
