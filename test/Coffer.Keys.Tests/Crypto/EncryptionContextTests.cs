using Coffer.Keys.Crypto;

namespace Coffer.Keys.Tests.Crypto;

public sealed class EncryptionContextTests
{
    [Fact]
    public void Create_NullOrNoPairs_EncodesToZeroBytes()
    {
        var fromNull = EncryptionContext.Create(null);
        var fromNone = EncryptionContext.Create([]);

        Assert.Equal(0, EncryptionContext.Empty.CanonicalBytes.Length);
        Assert.Equal(0, fromNull.CanonicalBytes.Length);
        Assert.Equal(EncryptionContext.Empty, fromNone);
        Assert.Equal(0, fromNone.Count);
    }

    [Fact]
    public void Create_OnePair_EncodesCountLengthsAndUtf8()
    {
        var context = Contexts.Of(("a", "b"));

        Assert.Equal("000100016100" + "0162", Hex(context));
    }

    [Fact]
    public void Create_AuroraContext_EncodesKnownBytes()
    {
        var context = Contexts.Of(("aws:rds:dbc-id", "cluster-ABC"), ("purpose", "golden"));

        Assert.Equal(
            "0002" + "000e" + "6177733a7264733a6462632d6964" + "000b" + "636c75737465722d414243" + "0007" + "707572706f7365" + "0006" + "676f6c64656e",
            Hex(context));
    }

    [Fact]
    public void Create_KeysWhoseUtf16AndUtf8OrdersDiffer_SortsByUtf8Bytes()
    {
        // UTF-16 ordinal puts U+1F600 (D83D DE00) before U+FF61; UTF-8 puts U+FF61 (EF BD A1) before U+1F600 (F0 9F 98 80).
        Assert.True(string.CompareOrdinal("\U0001F600", "\uFF61") < 0);

        var context = Contexts.Of(("\U0001F600", "2"), ("\uFF61", "1"));

        Assert.Equal("0002" + "0003efbda1" + "000131" + "0004f09f9880" + "000132", Hex(context));
        Assert.Equal(["\uFF61", "\U0001F600"], context.Pairs.Select(pair => pair.Key));
    }

    [Fact]
    public void Create_SamePairsInAnotherOrder_IsEqualWithSameBytes()
    {
        var forward = Contexts.Of(("b", "2"), ("a", "1"), ("c", "3"));
        var backward = Contexts.Of(("c", "3"), ("a", "1"), ("b", "2"));

        Assert.Equal(forward, backward);
        Assert.Equal(forward.GetHashCode(), backward.GetHashCode());
        Assert.Equal(Hex(forward), Hex(backward));
        Assert.Equal(["a", "b", "c"], forward.Pairs.Select(pair => pair.Key));
    }

    [Fact]
    public void Create_MotoAmbiguousPairs_EncodeDifferently()
    {
        var abC = Contexts.Of(("ab", "c"));
        var aBc = Contexts.Of(("a", "bc"));

        Assert.Equal("0001" + "00026162" + "000163", Hex(abC));
        Assert.Equal("0001" + "000161" + "00026263", Hex(aBc));
        Assert.NotEqual(abC, aBc);
    }

    [Fact]
    public void Equals_KeysDifferingInCase_AreNotEqual()
    {
        Assert.NotEqual(Contexts.Of(("Purpose", "x")), Contexts.Of(("purpose", "x")));
        Assert.NotEqual(Contexts.Of(("purpose", "X")), Contexts.Of(("purpose", "x")));
    }

    [Fact]
    public void TryGetValue_OrdinalLookup_FindsOnlyExactKey()
    {
        var context = Contexts.Of(("aws:rds:dbc-id", "cluster-ABC"));

        Assert.True(context.TryGetValue("aws:rds:dbc-id", out var value));
        Assert.Equal("cluster-ABC", value);
        Assert.False(context.TryGetValue("AWS:RDS:DBC-ID", out _));
    }

    [Fact]
    public void Create_EmptyKeyAndValue_AreEncodedWithZeroLengths()
    {
        Assert.Equal("0001" + "0000" + "0000", Hex(Contexts.Of((string.Empty, string.Empty))));
    }

    [Fact]
    public void Create_KeyAndValueOfMaxUtf8Bytes_Succeeds()
    {
        var longest = new string('k', EncryptionContext.MaxFieldBytes);

        var context = Contexts.Of((longest, longest));

        Assert.Equal(2 + (2 * (2 + EncryptionContext.MaxFieldBytes)), context.CanonicalBytes.Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TryCreate_FieldOneByteOverLimit_Fails(bool inKey)
    {
        var tooLong = new string('k', EncryptionContext.MaxFieldBytes + 1);
        var pair = inKey ? KeyValuePair.Create(tooLong, "v") : KeyValuePair.Create("k", tooLong);

        Assert.False(EncryptionContext.TryCreate([pair], out var context, out var error));
        Assert.Null(context);
        Assert.DoesNotContain("kkkk", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_FieldUnderLimitInCharsButOverInUtf8Bytes_Fails()
    {
        // 21,846 euro signs are 65,538 UTF-8 bytes.
        var euros = new string('\u20AC', 21_846);

        Assert.False(EncryptionContext.TryCreate([KeyValuePair.Create("k", euros)], out _, out _));
    }

    [Fact]
    public void TryCreate_MaxPairs_SucceedsAndOneMoreFails()
    {
        var pairs = Enumerable.Range(0, EncryptionContext.MaxPairs + 1).Select(i => KeyValuePair.Create(i.ToString("x5", null), string.Empty)).ToList();

        Assert.True(EncryptionContext.TryCreate(pairs.Take(EncryptionContext.MaxPairs), out var full, out _));
        Assert.Equal(EncryptionContext.MaxPairs, full.Count);
        Assert.Equal([0xFF, 0xFF], full.CanonicalBytes[..2].ToArray());
        Assert.False(EncryptionContext.TryCreate(pairs, out _, out var error));
        Assert.Contains("65535", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void TryCreate_UnpairedSurrogate_Fails(int variant)
    {
        // Built here: attribute arguments are stored as UTF-8, which would turn a lone surrogate into U+FFFD.
        var pair = variant switch
        {
            0 => KeyValuePair.Create(new string('\uD800', 1), "v"),
            1 => KeyValuePair.Create("k", "a" + new string('\uDC00', 1) + "b"),
            _ => KeyValuePair.Create("k", "\U0001F600"[..1]),
        };

        Assert.False(EncryptionContext.TryCreate([pair], out _, out _));
    }

    [Fact]
    public void TryCreate_RepeatedKey_Fails()
    {
        Assert.False(EncryptionContext.TryCreate([KeyValuePair.Create("k", "1"), KeyValuePair.Create("k", "2")], out _, out var error));
        Assert.Contains("repeats", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NullValue_Fails()
    {
        Assert.False(EncryptionContext.TryCreate([KeyValuePair.Create("k", (string)null!)], out _, out _));
    }

    [Fact]
    public void Create_InvalidPairs_ThrowsInvalidEncryptionContextException()
    {
        var exception = Assert.Throws<InvalidEncryptionContextException>(() => EncryptionContext.Create([KeyValuePair.Create("k", "\uD800")]));

        Assert.IsAssignableFrom<ArgumentException>(exception);
    }

    private static string Hex(EncryptionContext context) => Convert.ToHexStringLower(context.CanonicalBytes);
}
