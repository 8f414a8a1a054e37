namespace Coffer.Server.Tests.Support;

/// <summary>What a <c>coffer</c> command printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
