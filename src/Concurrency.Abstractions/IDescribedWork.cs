namespace Concurrency;

/// <summary>
/// Work that names itself in reports better than its delegate's method name can: implement it on the object a
/// submitted delegate is bound to (its target) or on the state passed with it, and <see cref="WorkDescription"/>
/// uses <see cref="Description"/> in starvation warnings and busy-worker lists.
/// </summary>
public interface IDescribedWork
{
    /// <summary>The work's name in reports, such as <c>query of cell 'cell1'</c>.</summary>
    string Description { get; }
}
