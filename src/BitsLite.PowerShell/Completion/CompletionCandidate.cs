namespace BitsLite.PowerShell.Completion;

/// <summary>One tab-completion answer: what is inserted, what the menu shows, and its tooltip.</summary>
internal sealed record CompletionCandidate(string CompletionText, string ListItemText, string ToolTip);
