package io.hookgate.dispatcher.health;

/**
 * What a consumer loop tells the process's health checks: when it last turned, and whether its consumer has
 * joined its group ({@code membership} is null for loops without a consumer).
 */
public record LoopHealth(String name, Heartbeat heartbeat, GroupMembership membership) {
}
