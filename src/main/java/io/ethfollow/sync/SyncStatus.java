package io.ethfollow.sync;

import io.ethfollow.store.BlockRef;

/**
 * A snapshot of the sync engine for the status page and for tests (DESIGN §5 keys). Built on the
 * scheduler's thread by {@link SyncController#status()}; immutable.
 *
 * @param mode what the engine is doing
 * @param localHead highest block written (null before the first)
 * @param contiguousHead highest N with every block from the sync start to N stored (-1 if none)
 * @param networkHead highest head any connected peer is known (by the pool) to have, -1 if none
 * @param networkHeadPeers connected peers whose head reaches {@code networkHead}
 * @param lagBlocks {@code networkHead - localHead}, never negative
 * @param pending blocks waiting for a peer
 * @param inFlight blocks out with a peer
 * @param escalated blocks in the escalation lane
 * @param buffered verified blocks waiting for their parent to be written
 * @param wakeUps times the engine's own tasks ran (pump passes and head-tracker ticks)
 * @param haltReason why the engine halted, null unless {@code mode} is HALTED
 * @param fastSyncTarget the agreed fast-sync target block while fast-syncing, -1 otherwise
 * @param fastSyncRemaining blocks the running fast sync still has to write (0 when none runs)
 */
public record SyncStatus(
    SyncMode mode,
    BlockRef localHead,
    long contiguousHead,
    long networkHead,
    int networkHeadPeers,
    long lagBlocks,
    int pending,
    int inFlight,
    int escalated,
    int buffered,
    long wakeUps,
    String haltReason,
    long fastSyncTarget,
    long fastSyncRemaining) {}
