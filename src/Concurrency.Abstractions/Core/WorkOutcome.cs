namespace Concurrency.Core;

/// <summary>How a submission that ran ended.</summary>
internal enum WorkOutcome : byte
{
    /// <summary>Not finished yet.</summary>
    None,

    /// <summary>Returned normally.</summary>
    Completed,

    /// <summary>Threw, or its Task faulted or was canceled by something other than its own token.</summary>
    Faulted,

    /// <summary>Stopped because its own cancellation token was canceled while it ran.</summary>
    Interrupted,
}
