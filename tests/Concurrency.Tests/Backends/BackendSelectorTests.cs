namespace Concurrency.Tests.Backends;

public sealed class BackendSelectorTests
{
    private readonly Dictionary<string, string?> _environment = [];

    private BackendSelector NewSelector(BackendRegistry? registry = null) =>
        new(registry ?? new BackendRegistry(), name => _environment.GetValueOrDefault(name));

    [Fact]
    public async Task Current_VariableTrue_SelectsThreadedBackendThatCreatesThreadPoolExecutors()
    {
        _environment["DISABLE_COOPERATIVE_MODE"] = "true";
        var selector = NewSelector();

        var backend = selector.Current;
        await using var executor = backend.CreateExecutor(new ExecutorOptions { Name = "svc.default", MaxWorkers = 2 });

        backend.Name.Should().Be("threaded");
        backend.ExecutorTypeName.Should().Be("ThreadPoolExecutor");
        executor.Backend.Should().Be("threaded");
        executor.MaxWorkers.Should().Be(2);
        (await executor.Submit(_ => Thread.CurrentThread.IsThreadPoolThread)).Should().BeTrue("the threaded backend runs work on the .NET pool's threads by default");
    }

    [Fact]
    public void Current_ReadOnce_LaterEnvironmentChangesAreIgnored()
    {
        _environment["DISABLE_COOPERATIVE_MODE"] = "1";
        var selector = NewSelector();
        var first = selector.Current;

        _environment["DISABLE_COOPERATIVE_MODE"] = "garbage";

        selector.Current.Should().BeSameAs(first);
        selector.IsSelected.Should().BeTrue();
    }

    [Fact]
    public void Current_GarbageValue_ThrowsAndSelectsNothing()
    {
        _environment["DISABLE_COOPERATIVE_MODE"] = "maybe";
        var selector = NewSelector();

        FluentActions.Invoking(() => selector.Current).Should().Throw<BackendSelectionException>().WithMessage("*'maybe'*");

        selector.IsSelected.Should().BeFalse();
        _environment["DISABLE_COOPERATIVE_MODE"] = "yes";
        selector.Current.Name.Should().Be("threaded");
    }

    [Fact]
    public void Select_DifferentBackendAfterEnvironmentChoice_ThrowsBackendAlreadySelected()
    {
        _environment["DISABLE_COOPERATIVE_MODE"] = "true";
        var registry = new BackendRegistry();
        registry.Register(new InlineBackend());
        var selector = NewSelector(registry);
        _ = selector.Current;

        var thrown = FluentActions.Invoking(() => selector.Select("inline")).Should().Throw<BackendAlreadySelectedException>().Which;

        thrown.Message.Should().Contain("'threaded'").And.Contain("DISABLE_COOPERATIVE_MODE='true'").And.Contain("'inline'");
        thrown.Selected.Should().Be("threaded");
        thrown.Requested.Should().Be("inline");
    }

    [Fact]
    public void Select_SameBackendTwice_IsHarmless()
    {
        var selector = NewSelector();

        var first = selector.Select("threaded");

        selector.Select("threaded").Should().BeSameAs(first);
    }

    [Fact]
    public void Select_BeforeFirstUse_WinsOverTheEnvironment()
    {
        _environment["DISABLE_COOPERATIVE_MODE"] = "garbage";
        var selector = NewSelector();

        selector.Select("threaded");

        selector.Current.Name.Should().Be("threaded");
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingKnownBackends()
    {
        var registry = new BackendRegistry();

        FluentActions.Invoking(() => registry.Get("green"))
            .Should().Throw<BackendSelectionException>().WithMessage("*'green' is not known*cooperative, threaded*");
    }

    [Fact]
    public void Get_BuiltInNames_AreTheBackendsOwnInstancesWithoutReflection()
    {
        var registry = new BackendRegistry();

        registry.Get(ConcurrencyBackend.Cooperative).Should().BeSameAs(CooperativeExecutor.Backend);
        registry.Get(ConcurrencyBackend.Threaded).Should().BeSameAs(ThreadPoolExecutor.Backend);
    }

    [Fact]
    public void Register_CustomBackend_IsFoundByName()
    {
        var registry = new BackendRegistry();
        var backend = new InlineBackend();

        registry.Register(backend);

        registry.Get("inline").Should().BeSameAs(backend);
    }

    [Fact]
    public void Register_NameTakenByAnotherType_Throws()
    {
        var registry = new BackendRegistry();
        registry.Register(new InlineBackend());

        FluentActions.Invoking(() => registry.Register(new OtherInlineBackend()))
            .Should().Throw<ArgumentException>().WithMessage("*'inline' is already registered*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Threaded")]
    [InlineData("my backend")]
    public void ExecutorBackend_BadName_Throws(string name)
    {
        FluentActions.Invoking(() => new NamedBackend(name))
            .Should().Throw<ArgumentException>().WithMessage($"*'{name}' is not accepted*lowercase letters, digits and dashes*");
    }

    private class NamedBackend(string name) : ExecutorBackend(name)
    {
        public override string ExecutorTypeName => "SynchronousExecutor";

        public override int DefaultMaxWorkers => 1;

        public override IExecutor CreateExecutor(ExecutorOptions? options = null) => SynchronousExecutor.Create(options);
    }

    private sealed class InlineBackend() : NamedBackend("inline");

    private sealed class OtherInlineBackend() : NamedBackend("inline");
}
