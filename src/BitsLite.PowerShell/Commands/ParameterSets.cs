namespace BitsLite.PowerShell.Commands;

/// <summary>The parameter set names the cmdlets share.</summary>
internal static class ParameterSets
{
    /// <summary>Transfer objects, usually piped from Get-Transfer.</summary>
    public const string Transfer = "Transfer";

    /// <summary>Transfer ids.</summary>
    public const string Id = "Id";

    /// <summary>Display names, with wildcards.</summary>
    public const string Name = "Name";
}
