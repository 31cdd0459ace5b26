/**
 * Tornado's multi-process start, on threads: groups of loops, each on its own thread, and the task
 * id of the running loop.
 *
 * <p>Threading: {@code Process.taskId()} answers for the calling thread: a loop thread of a group
 * has its id, any other thread none.
 */
package io.github.tornadoserver.process;
