namespace Concurrency.Core;

/// <summary>Waits a library thread must finish even if user work left a Thread.Interrupt pending on it.</summary>
internal static class InterruptSafe
{
    public static void Wait(ManualResetEventSlim signal)
    {
        while (true)
        {
            try
            {
                signal.Wait();
                return;
            }
            catch (ThreadInterruptedException)
            {
                // The interrupt was meant for work that already finished; keep waiting for the real signal.
            }
        }
    }
}
