/**
 * Spring Boot's actuator web endpoints served as routes of a tornado-server HTTP server, in an
 * application without a servlet or reactive web server.
 *
 * <p>Threading: endpoint operations run as blocking routes, never on a loop; only the links page is
 * answered on the loop thread.
 */
package io.github.tornadoserver.spring.actuate;
