package io.ethfollow.sim;

/**
 * What one simulation run measured (docs/simulation.md explains each figure). Built by
 * {@link Simulation} in virtual time; the log counts and wall time are measured by the caller (the CLI
 * owns logging and the wall clock) and filled in with {@link #withOutsideMeasures}. Immutable.
 *
 * @param scenario scenario name
 * @param mode scenario mode ({@code follow} or {@code fast-then-follow})
 * @param seed random seed of the peers' behaviour
 * @param finalMode the engine's mode at the end ({@code follow} or {@code halted})
 * @param blocksSynced local head minus the anchor at the end
 * @param finalLagBlocks canonical chain head minus local head at the end
 * @param maxLagBlocks largest lag sampled at the end of each slot once following
 * @param p99LagBlocks 99th percentile (nearest rank) of those samples
 * @param lagSamples number of samples
 * @param longestStallMs longest virtual time with engine work pending and no block written
 * @param verifiedOk every stored block re-read from the store passes {@code BlockVerifier} and links to its parent
 * @param blocksVerified blocks re-read and verified
 * @param holes gaps (missing ranges) in the completed ranges between the anchor and the local head
 * @param peersDropped every session the run lost: {@code peersDroppedByPool + peersDisconnected}
 * @param peersDroppedByPool sessions the pool closed (its Disconnect actions: bans, bad data, stalling, stale)
 * @param peersDisconnected sessions the simulated peers ended themselves ({@code disconnect:}, outage) after
 *     the pool had accepted them
 * @param logLines log lines the (deduplicating) logger wrote during the run
 * @param logEventsSuppressed events the dedup filter suppressed (sum of {@code repeated} in summaries)
 * @param schedulerWakeups tasks the virtual-time scheduler ran (pool, executor, engine, simulated peers)
 * @param engineWakeups the engine's own wake-ups ({@code SyncStatus.wakeUps})
 * @param outageSchedulerWakeups scheduler tasks run during the outage (-1 without one)
 * @param outageEngineWakeups engine wake-ups during the outage (-1 without one)
 * @param virtualSeconds virtual time the run covered after the peers connected
 * @param wallMillis wall time of the run
 */
public record SimulationReport(
    String scenario,
    String mode,
    long seed,
    String finalMode,
    long blocksSynced,
    long finalLagBlocks,
    long maxLagBlocks,
    long p99LagBlocks,
    int lagSamples,
    long longestStallMs,
    boolean verifiedOk,
    long blocksVerified,
    int holes,
    long peersDropped,
    long peersDroppedByPool,
    long peersDisconnected,
    long logLines,
    long logEventsSuppressed,
    long schedulerWakeups,
    long engineWakeups,
    long outageSchedulerWakeups,
    long outageEngineWakeups,
    long virtualSeconds,
    long wallMillis) {

  /** The same report with the figures only the caller can measure. */
  public SimulationReport withOutsideMeasures(long lines, long suppressed, long wall) {
    return new SimulationReport(scenario, mode, seed, finalMode, blocksSynced, finalLagBlocks, maxLagBlocks,
        p99LagBlocks, lagSamples, longestStallMs, verifiedOk, blocksVerified, holes, peersDropped, peersDroppedByPool,
        peersDisconnected, lines, suppressed, schedulerWakeups, engineWakeups, outageSchedulerWakeups,
        outageEngineWakeups, virtualSeconds, wall);
  }
}
