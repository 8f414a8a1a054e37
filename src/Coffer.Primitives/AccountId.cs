using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Coffer.Primitives;

/// <summary>A 12-digit AWS account id, such as <c>123456789012</c>.</summary>
public readonly record struct AccountId
{
    private AccountId(string value) => Value = value;

    /// <summary>The twelve digits.</summary>
    public string Value { get; }

    /// <summary>Parses exactly twelve ASCII digits.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AccountId accountId)
    {
        if (text is { Length: 12 } && text.All(char.IsAsciiDigit))
        {
            accountId = new AccountId(text);
            return true;
        }

        accountId = default;
        return false;
    }

    /// <summary>Parses an account id, throwing <see cref="FormatException"/> when it is not twelve digits.</summary>
    public static AccountId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("An account id is exactly twelve digits.");

    /// <summary>Creates a random account id whose first digit is not zero.</summary>
    public static AccountId CreateRandom()
    {
        Span<char> digits = stackalloc char[12];
        digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
        for (var i = 1; i < digits.Length; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }

        return new AccountId(new string(digits));
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
