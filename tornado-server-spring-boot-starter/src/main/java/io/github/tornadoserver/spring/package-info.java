/**
 * Spring Boot auto-configuration of tornado-server from the {@code tornado.*} properties: the
 * loops, the HTTP and TCP servers, their SSL bundles and their lifecycle.
 *
 * <p>Threading: servers start on the thread that refreshes the context and stop on the one that
 * closes it; the work itself is handed to the loops.
 */
package io.github.tornadoserver.spring;
