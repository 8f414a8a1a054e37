using System.Text.Json;

namespace Coffer.Keys.Policies;

/// <summary>Parses a statement's Condition block: operator → condition key → value or values.</summary>
internal static class ConditionParser
{
    private const string IfExistsSuffix = "IfExists";
    private const string ForAnyValuePrefix = "ForAnyValue:";
    private const string ForAllValuesPrefix = "ForAllValues:";

    public static IReadOnlyList<PolicyCondition> Parse(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyDocumentException(PolicyMessages.InvalidCondition);
        }

        var conditions = new List<PolicyCondition>();
        foreach (var operatorProperty in block.EnumerateObject())
        {
            if (!TryParseOperator(operatorProperty.Name, out var kind, out var qualifier, out var ifExists))
            {
                throw new PolicyDocumentException(PolicyMessages.UnknownOperator + operatorProperty.Name);
            }

            if (operatorProperty.Value.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyDocumentException(PolicyMessages.InvalidCondition);
            }

            foreach (var keyProperty in operatorProperty.Value.EnumerateObject())
            {
                if (keyProperty.Name.Length == 0)
                {
                    throw new PolicyDocumentException(PolicyMessages.InvalidCondition);
                }

                if (qualifier == ConditionSetQualifier.ForAllValues
                    && keyProperty.Name.StartsWith(ConditionKeys.EncryptionContextPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    throw new PolicyDocumentException(PolicyMessages.OverlyPermissiveEncryptionContext);
                }

                var values = ReadValues(keyProperty.Value);
                if (values.Count == 0)
                {
                    throw new PolicyDocumentException(PolicyMessages.InvalidCondition);
                }

                conditions.Add(new PolicyCondition(operatorProperty.Name, kind, qualifier, ifExists, keyProperty.Name, values));
            }
        }

        return conditions;
    }

    /// <summary>Splits <c>ForAnyValue:StringLikeIfExists</c> into its set prefix, base operator and suffix.</summary>
    internal static bool TryParseOperator(string text, out ConditionOperatorKind kind, out ConditionSetQualifier qualifier, out bool ifExists)
    {
        var rest = text.AsSpan();
        qualifier = ConditionSetQualifier.None;
        if (rest.StartsWith(ForAnyValuePrefix, StringComparison.OrdinalIgnoreCase))
        {
            qualifier = ConditionSetQualifier.ForAnyValue;
            rest = rest[ForAnyValuePrefix.Length..];
        }
        else if (rest.StartsWith(ForAllValuesPrefix, StringComparison.OrdinalIgnoreCase))
        {
            qualifier = ConditionSetQualifier.ForAllValues;
            rest = rest[ForAllValuesPrefix.Length..];
        }

        ifExists = rest.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase);
        if (ifExists)
        {
            rest = rest[..^IfExistsSuffix.Length];
        }

        // Null takes neither a set prefix nor IfExists: it is itself the test for existence.
        if (rest.Length > 0 && !char.IsAsciiDigit(rest[0]) && Enum.TryParse(rest, ignoreCase: true, out kind) && Enum.IsDefined(kind))
        {
            return kind != ConditionOperatorKind.Null || (qualifier == ConditionSetQualifier.None && !ifExists);
        }

        kind = default;
        return false;
    }

    private static List<string> ReadValues(JsonElement element)
    {
        var values = new List<string>();
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                values.Add(ReadScalar(item));
            }
        }
        else
        {
            values.Add(ReadScalar(element));
        }

        return values;
    }

    private static string ReadScalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => element.GetRawText(),
        _ => throw new PolicyDocumentException(PolicyMessages.InvalidCondition),
    };
}
