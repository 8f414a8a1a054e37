using System.Diagnostics.CodeAnalysis;

namespace Coffer.Keys.Policies;

/// <summary>
/// A parsed and validated key policy. <see cref="Text"/> keeps the document exactly as it was put, because
/// GetKeyPolicy returns the caller's text, not a re-serialisation.
/// </summary>
public sealed class KeyPolicy
{
    /// <summary>The key policy size quota, in UTF-8 bytes.</summary>
    public const int MaxSizeInBytes = 32768;

    /// <summary>The current policy language version.</summary>
    public const string Version2012 = "2012-10-17";

    /// <summary>The older policy language version (the IAM default when Version is missing).</summary>
    public const string Version2008 = "2008-10-17";

    internal KeyPolicy(string text, string version, string? id, IReadOnlyList<PolicyStatement> statements)
    {
        Text = text;
        Version = version;
        Id = id;
        Statements = statements;
    }

    /// <summary>The original document.</summary>
    public string Text { get; }

    /// <summary>The Version element (<see cref="Version2008"/> when the document omits it).</summary>
    public string Version { get; }

    /// <summary>The Id element, when present.</summary>
    public string? Id { get; }

    /// <summary>The statements, in document order.</summary>
    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>Parses and validates a document; on failure <paramref name="error"/> holds the message for the client.</summary>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out KeyPolicy? policy,
        [NotNullWhen(false)] out string? error) =>
        KeyPolicyParser.TryParse(text, out policy, out error);

    /// <summary>Parses and validates a document, throwing <see cref="PolicyDocumentException"/> when KMS would refuse it.</summary>
    public static KeyPolicy Parse(string text) =>
        TryParse(text, out var policy, out var error) ? policy : throw new PolicyDocumentException(error);
}
