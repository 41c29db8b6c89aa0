namespace KvService.Contract.PrimaryBackup;

/// <summary>
/// A view of the primary/backup service: its number (0 before the first view, one more at each change), the server
/// that serves clients and the one that holds a copy of its state. Either name may be empty: no such server.
/// </summary>
public sealed record View(long Number, string Primary, string Backup)
{
    /// <summary>The view before any server has pinged: number 0, no primary, no backup.</summary>
    public static View None { get; } = new(0, "", "");

    /// <inheritdoc/>
    public override string ToString() =>
        $"view {Number} (primary {(Primary.Length == 0 ? "none" : Primary)}, backup {(Backup.Length == 0 ? "none" : Backup)})";
}
