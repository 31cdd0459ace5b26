/**
 * Tornado's multi-process start, on threads: groups of loops, each on its own thread, and the task
 * id of the running loop.
 */
package io.github.tornadoserver.process;
