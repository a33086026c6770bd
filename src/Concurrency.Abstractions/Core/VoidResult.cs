namespace Concurrency.Core;

/// <summary>The result of work that returns nothing, so one generic work item serves both shapes.</summary>
internal readonly struct VoidResult;
