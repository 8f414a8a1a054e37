using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>GenerateDataKeyWithoutPlaintext: a data key, sealed only.</summary>
internal sealed class GenerateDataKeyWithoutPlaintextOperation(KeyService keys, IKmsAuditSink audit) : DataKeyOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "GenerateDataKeyWithoutPlaintext";

    /// <inheritdoc />
    protected override bool WithPlaintext => false;
}
