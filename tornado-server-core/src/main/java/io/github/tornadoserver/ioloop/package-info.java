/** The event loop: one thread, one selector, timers and thread-safe callbacks. */
package io.github.tornadoserver.ioloop;
