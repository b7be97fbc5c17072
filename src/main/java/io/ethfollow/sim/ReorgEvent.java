package io.ethfollow.sim;

/** At virtual second {@code atSecond} of the run, the canonical chain reorganises {@code depth} blocks deep. */
public record ReorgEvent(long atSecond, int depth) {}
