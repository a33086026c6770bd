namespace Concurrency.Core;

/// <summary>Work that names itself in reports better than its delegate can (see <see cref="WorkDescription"/>).</summary>
internal interface IDescribedWork
{
    /// <summary>The work's name in reports.</summary>
    string Description { get; }
}
