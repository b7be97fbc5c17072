package io.ethfollow.app.logging;

/**
 * A count of suppressed events ready to be written as one line: the event they repeat ({@code key},
 * for a rate-cap summary the first event that hit the cap) and how many were suppressed. Immutable.
 *
 * @param repeated events suppressed since the written line (always at least 1)
 * @param rateCapped true when the events were held back by the per-template rate cap (their values
 *     may differ from {@code key}'s), false for identical repeats within a window
 */
record Summary(EventKey key, long repeated, boolean rateCapped) {}
