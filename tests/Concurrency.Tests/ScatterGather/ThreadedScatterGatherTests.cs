using Concurrency.Tests.Infrastructure.Backends;

namespace Concurrency.Tests.ScatterGather;

public sealed class ThreadedScatterGatherTests() : ScatterGatherContractTests(new ThreadedUnderTest());
