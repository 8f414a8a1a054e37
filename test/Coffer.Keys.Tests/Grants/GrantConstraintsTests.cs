using Coffer.Keys.Grants;

namespace Coffer.Keys.Tests.Grants;

public sealed class GrantConstraintsTests
{
    private static readonly Dictionary<string, string> Constraint = new() { ["Department"] = "IT", ["Project"] = "Alpha" };

    private static Dictionary<string, string> Context(params string[] pairs)
    {
        var context = new Dictionary<string, string>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            context[pairs[i]] = pairs[i + 1];
        }

        return context;
    }

    public static TheoryData<string[], bool> SubsetCases => new()
    {
        { ["Department", "IT", "Project", "Alpha"], true },
        { ["Project", "Alpha", "Department", "IT"], true },
        { ["Department", "IT", "Project", "Alpha", "Stage", "Test"], true },
        { ["Department", "IT"], false },
        { [], false },
        { ["Department", "IT", "Project", "alpha"], false },
        { ["department", "IT", "PROJECT", "Alpha"], true },
        { ["Department", "IT", "Project", "Beta"], false },
    };

    public static TheoryData<string[], bool> EqualsCases => new()
    {
        { ["Department", "IT", "Project", "Alpha"], true },
        { ["Project", "Alpha", "Department", "IT"], true },
        { ["Department", "IT", "Project", "Alpha", "Stage", "Test"], false },
        { ["Department", "IT"], false },
        { [], false },
        { ["Department", "IT", "Project", "alpha"], false },
        { ["department", "IT", "project", "Alpha"], true },
        { ["Department", "IT", "Stage", "Alpha"], false },
    };

    [Theory]
    [MemberData(nameof(SubsetCases))]
    public void Permits_Subset_RequiresEveryPairAndAllowsMore(string[] pairs, bool expected)
    {
        var constraints = new GrantConstraints { EncryptionContextSubset = Constraint };

        Assert.Equal(expected, constraints.Permits(Context(pairs)));
    }

    [Theory]
    [MemberData(nameof(EqualsCases))]
    public void Permits_Equals_RequiresExactlyThePairs(string[] pairs, bool expected)
    {
        var constraints = new GrantConstraints { EncryptionContextEquals = Constraint };

        Assert.Equal(expected, constraints.Permits(Context(pairs)));
    }

    [Fact]
    public void Permits_NoConstraints_AllowsAnyContext()
    {
        var constraints = new GrantConstraints();

        Assert.True(constraints.IsEmpty);
        Assert.True(constraints.Permits(Context()));
        Assert.True(constraints.Permits(Context("a", "b")));
    }

    [Theory]
    [InlineData(GrantOperation.DescribeKey, true)]
    [InlineData(GrantOperation.RetireGrant, true)]
    [InlineData(GrantOperation.Decrypt, false)]
    [InlineData(GrantOperation.CreateGrant, false)]
    public void Permits_OperationWithoutEncryptionContext_IsNotConstrained(GrantOperation operation, bool expected)
    {
        var constraints = new GrantConstraints { EncryptionContextEquals = Constraint };

        Assert.Equal(expected, constraints.Permits(operation, Context("Other", "x")));
        Assert.True(constraints.Permits(operation, Context("Department", "IT", "Project", "Alpha")));
    }
}
