using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchedulerWorker;

/// <summary>Nova's select_destinations, reduced: how many hosts a request needs and what each must have free.</summary>
/// <param name="RequestId">The caller's id for the request, echoed in the reply.</param>
/// <param name="Vcpus">Free vCPUs a host needs.</param>
/// <param name="MemoryMb">Free memory a host needs.</param>
/// <param name="Count">How many hosts to pick.</param>
/// <param name="HoldFirstDeliveryMilliseconds">For fault drills: a first delivery waits this long before it is handled, so a worker can be killed mid-request; a redelivery does not wait.</param>
internal sealed record SelectDestinationsRequest(string RequestId, int Vcpus, int MemoryMb, int Count, int HoldFirstDeliveryMilliseconds = 0);

/// <summary>The hosts picked, best first, and who picked them from how many cells.</summary>
internal sealed record SelectDestinationsReply(string RequestId, string Worker, IReadOnlyList<string> Hosts, int CellsResponded, int CellsFailed, int Attempt);

[JsonSerializable(typeof(SelectDestinationsRequest))]
[JsonSerializable(typeof(SelectDestinationsReply))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class SchedulerJson : JsonSerializerContext;
