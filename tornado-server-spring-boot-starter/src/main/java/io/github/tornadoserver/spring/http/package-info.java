/**
 * Routing of HTTP requests to {@link io.github.tornadoserver.spring.http.Route} handler beans, the
 * {@link io.github.tornadoserver.spring.http.Exchange} that answers them, and their {@code
 * http.server.requests} observation.
 *
 * <p>Threading: a handler runs on the loop, a virtual thread or the task executor, as {@code
 * tornado.http.handler-execution} and the route say; an exchange's answering methods are safe from
 * any thread and complete their futures on the loop.
 */
package io.github.tornadoserver.spring.http;
