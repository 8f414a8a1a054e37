namespace Coffer.Data.DataApi;

/// <summary>A named statement parameter (<c>:name</c> in the SQL), its value and its type hint.</summary>
public sealed record SqlParameter(string Name, Field Value, TypeHint TypeHint = TypeHint.None);
