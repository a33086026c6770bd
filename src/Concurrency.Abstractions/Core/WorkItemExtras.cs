namespace Concurrency.Core;

/// <summary>
/// What only some submissions carry (a token that can be canceled, an affinity key, the token's registration while
/// queued), held apart so that a plain queued submission, the common one, is 16 bytes smaller.
/// </summary>
internal sealed class WorkItemExtras(CancellationToken token)
{
    /// <summary>Registration states for <see cref="Watch"/>: closed for good (the item started or was canceled).</summary>
    public static readonly object Closed = new();

    public CancellationToken Token { get; } = token;

    public string? Key { get; set; }

    /// <summary>Null until the item is watched; then its registration, or <see cref="Closed"/>.</summary>
    public object? Watch;
}
