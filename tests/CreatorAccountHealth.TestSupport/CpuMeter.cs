using System.Globalization;

namespace CreatorAccountHealth.TestSupport;

/// <summary>CPU time used during a phase: the machine's, this process's, its child processes', and everyone else's.</summary>
public sealed record CpuUse(TimeSpan Machine, TimeSpan Driver, TimeSpan Children)
{
    /// <summary>Processes that are neither this one nor its children: another build or test run skews the figures.</summary>
    public TimeSpan Other => TimeSpan.FromTicks(Math.Max(0, (Machine - Driver - Children).Ticks)); // coarse ticks can dip below 0
}

/// <summary>
/// Reads CPU time from /proc on Linux (for both benchmarks). On a small machine the load generator, the app and the Cosmos DB server share
/// the cores, so who used them explains the figures. Children are the Cosmos DB server the fixture started (an
/// external server counts as "other"). Elsewhere only this process is known, and the other figures are zero.
/// </summary>
public sealed class CpuMeter
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1.0 / 100); // USER_HZ: fixed at 100 in Linux's user-space ABI

    private readonly long machineTicks = MachineBusyTicks();
    private readonly long childTicks = ChildTicks();
    private readonly TimeSpan driver = Environment.CpuUsage.TotalTime;

    public CpuUse Stop() => new(
        Tick * (MachineBusyTicks() - machineTicks),
        Environment.CpuUsage.TotalTime - driver,
        Tick * (ChildTicks() - childTicks));

    /// <summary>The first line of /proc/stat: all CPUs' user, nice, system, idle, iowait, irq, softirq and steal time.</summary>
    private static long MachineBusyTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9].Select(long.Parse).ToArray();
        return fields.Sum() - fields[3] - fields[4];
    }

    /// <summary>utime + stime of every live process whose parent is this one.</summary>
    private static long ChildTicks()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return 0;
        }

        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        long total = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));

                // After "pid (name) ": state, ppid, ... utime is the 12th field, stime the 13th (the name may hold spaces).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == self)
                {
                    total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a process, or it exited while we looked.
            }
        }

        return total;
    }
}
