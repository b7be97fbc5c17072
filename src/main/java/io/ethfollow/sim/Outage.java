package io.ethfollow.sim;

/** At virtual second {@code atSecond} every peer disconnects; all come back {@code seconds} later. */
public record Outage(long atSecond, long seconds) {}
