using Concurrency.Tests.Infrastructure.Backends;

namespace Concurrency.Tests.Cells;

public sealed class DotNetPoolScatterGatherTests() : ScatterGatherContractTests(new DotNetPoolUnderTest());
