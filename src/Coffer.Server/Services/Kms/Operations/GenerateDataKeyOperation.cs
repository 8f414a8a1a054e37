using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>GenerateDataKey: a data key, sealed and in plaintext.</summary>
internal sealed class GenerateDataKeyOperation(KeyService keys, IKmsAuditSink audit) : DataKeyOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "GenerateDataKey";

    /// <inheritdoc />
    protected override bool WithPlaintext => true;
}
