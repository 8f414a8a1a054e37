using Coffer.Keys.Crypto;

namespace Coffer.Keys.Tests.Crypto;

/// <summary>Builds encryption contexts from tuples.</summary>
internal static class Contexts
{
    public static EncryptionContext Of(params (string Key, string Value)[] pairs) =>
        EncryptionContext.Create(pairs.Select(pair => KeyValuePair.Create(pair.Key, pair.Value)));
}
