/**
 * The event loop: one thread, one selector, timers and thread-safe callbacks.
 *
 * <p>Threading: {@code addCallback} (and {@code execute}) is how other threads reach a loop; the
 * loop-confined methods check the calling thread and throw otherwise. {@link
 * io.github.tornadoserver.ioloop.LagProbe} and {@code pendingCallbacks()} are safe from any thread.
 */
package io.github.tornadoserver.ioloop;
