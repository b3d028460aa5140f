package io.kitemq.client.core;

/**
 * Told when a cached topic route changed after a refresh (not on the first lookup). Runs on the client's
 * scheduler thread or the thread that refreshed; must be quick and must not throw.
 */
@FunctionalInterface
public interface RouteListener {

    void routeChanged(TopicRoute route);
}
