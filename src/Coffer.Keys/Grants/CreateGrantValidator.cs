using System.Diagnostics.CodeAnalysis;
using Coffer.Keys.Policies;

namespace Coffer.Keys.Grants;

/// <summary>
/// Input validation for CreateGrant. Failures are messages for a <c>ValidationException</c>, in AWS's
/// "1 validation error detected: Value '…' at '…' failed to satisfy constraint: …" form where the model defines the
/// constraint.
/// </summary>
public static class CreateGrantValidator
{
    /// <summary>GrantTokens holds at most ten tokens (botocore GrantTokenList).</summary>
    public const int MaxGrantTokens = 10;

    /// <summary>A grant token is at most 8192 characters (botocore GrantTokenType).</summary>
    public const int MaxGrantTokenLength = 8192;

    /// <summary>Name and principal ARNs are at most 256 characters (botocore GrantNameType, PrincipalIdType).</summary>
    public const int MaxNameLength = 256;

    /// <summary>Each constraint holds at most eight pairs (CreateGrant API reference, Constraints).</summary>
    public const int MaxConstraintPairs = 8;

    /// <summary>Each constraint value is at most 384 characters (CreateGrant API reference, Constraints).</summary>
    public const int MaxConstraintValueLength = 384;

    /// <summary>Seen from KMS when CreateGrant is the only operation (public boto3 trace).</summary>
    public const string OnlyCreateGrantMessage = "Grants must not contain only the CreateGrant operation.";

    /// <summary>Seen from KMS when both constraints are given (public AWS SDK for Java trace).</summary>
    public const string MoreThanOneConstraintMessage = "More than one constraint supplied";

    /// <summary>Checks the input; on success <paramref name="operations"/> holds the parsed operations, without duplicates.</summary>
    public static bool TryValidate(
        CreateGrantInput input,
        [NotNullWhen(true)] out IReadOnlyList<GrantOperation>? operations,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(input);
        operations = null;
        error = ValidateOperations(input.Operations, out var parsed)
            ?? ValidatePrincipal(input.GranteePrincipal, "granteePrincipal", required: true)
            ?? ValidatePrincipal(input.RetiringPrincipal, "retiringPrincipal", required: false)
            ?? ValidateName(input.Name)
            ?? ValidateGrantTokens(input.GrantTokens)
            ?? ValidateConstraints(input.Constraints, parsed);
        if (error is not null)
        {
            return false;
        }

        operations = parsed;
        return true;
    }

    /// <summary>Whether <paramref name="name"/> satisfies <c>^[a-zA-Z0-9:/_-]+$</c> and 1–256 characters.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '_' or '-');

    /// <summary>
    /// Whether <paramref name="principal"/> can be a grantee or retiring principal: the ARN of an account root, IAM user,
    /// IAM role, assumed-role session or federated user. Service principals and IAM groups cannot.
    /// </summary>
    public static bool IsValidGranteePrincipal(string? principal) =>
        principal is { Length: > 0 and <= MaxNameLength } && PrincipalMatcher.IsPrincipalArn(principal);

    private static string? ValidateOperations(IReadOnlyList<string>? names, out List<GrantOperation> parsed)
    {
        parsed = [];
        if (names is null || names.Count == 0)
        {
            return Failure("[]", "operations", "Member must have length greater than or equal to 1");
        }

        foreach (var name in names)
        {
            if (!GrantOperations.TryParse(name, out var operation))
            {
                var allowed = string.Join(", ", Enum.GetNames<GrantOperation>());
                return Failure(
                    $"[{string.Join(", ", names)}]",
                    "operations",
                    $"Member must satisfy constraint: [Member must satisfy enum value set: [{allowed}]]");
            }

            if (!parsed.Contains(operation))
            {
                parsed.Add(operation);
            }
        }

        return parsed is [GrantOperation.CreateGrant] ? OnlyCreateGrantMessage : null;
    }

    private static string? ValidatePrincipal(string? principal, string field, bool required)
    {
        if (principal is null)
        {
            return required ? Failure("null", field, "Member must not be null") : null;
        }

        return IsValidGranteePrincipal(principal)
            ? null
            : Failure(principal, field, "Member must be the ARN of an AWS account, IAM user, IAM role, assumed-role session or federated user");
    }

    private static string? ValidateName(string? name) =>
        name is null || IsValidName(name)
            ? null
            : Failure(name, "name", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$ and have length between 1 and 256");

    private static string? ValidateGrantTokens(IReadOnlyList<string>? tokens)
    {
        if (tokens is null)
        {
            return null;
        }

        if (tokens.Count > MaxGrantTokens)
        {
            return Failure($"[{tokens.Count} tokens]", "grantTokens", $"Member must have length less than or equal to {MaxGrantTokens}");
        }

        return tokens.Any(token => token is not { Length: > 0 and <= MaxGrantTokenLength })
            ? Failure("[…]", "grantTokens", $"Member must have length between 1 and {MaxGrantTokenLength}")
            : null;
    }

    private static string? ValidateConstraints(GrantConstraints? constraints, List<GrantOperation> operations)
    {
        if (constraints is null || constraints.IsEmpty)
        {
            return null;
        }

        if (constraints.EncryptionContextSubset is not null && constraints.EncryptionContextEquals is not null)
        {
            return MoreThanOneConstraintMessage;
        }

        var pairs = constraints.EncryptionContextSubset ?? constraints.EncryptionContextEquals!;
        if (pairs.Count > MaxConstraintPairs)
        {
            return $"A grant constraint can include at most {MaxConstraintPairs} encryption context pairs.";
        }

        if (pairs.Values.Any(value => value.Length > MaxConstraintValueLength))
        {
            return $"An encryption context value in a grant constraint cannot exceed {MaxConstraintValueLength} characters.";
        }

        var refused = operations.Where(GrantOperations.RefusesEncryptionContextConstraint).Select(GrantOperations.Format).ToList();
        return refused.Count == 0
            ? null
            : $"Encryption context grant constraints cannot be used with operations that do not take an encryption context: {string.Join(", ", refused)}.";
    }

    private static string Failure(string value, string field, string constraint) =>
        $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}";
}
