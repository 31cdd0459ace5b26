/**
 * What {@code bench.sh} and JMH measure: hello-world servers (the core, the starter, and a Netty
 * baseline), a paced latency probe, micro-benchmarks of the parsers and of the whole request, and
 * what an {@code http.server.requests} observation costs with no server. Not an API.
 *
 * <p>Threading: each server serves on one loop (Netty: one event loop thread); the latency probe is
 * a program of its own with one connection, run beside the load generator.
 */
package io.github.tornadoserver.benchmarks;
