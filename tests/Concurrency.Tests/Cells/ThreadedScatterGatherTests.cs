using Concurrency.Tests.Infrastructure.Backends;

namespace Concurrency.Tests.Cells;

public sealed class ThreadedScatterGatherTests() : ScatterGatherContractTests(new ThreadedUnderTest());
