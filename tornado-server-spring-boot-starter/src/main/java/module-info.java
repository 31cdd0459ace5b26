/**
 * Spring Boot auto-configuration for tornado-server. Spring's jars are automatic modules, named by
 * their {@code Automatic-Module-Name}. Micrometer, health, the actuator, Jackson and WebFlux
 * (Spring Web, Reactor, Boot's web server support) and Boot's test support are optional: each part
 * of the starter is configured only when the application has them. Every package is opened because
 * Spring reflects on the auto-configuration and properties classes each holds.
 */
module io.github.tornadoserver.spring {
  requires transitive io.github.tornadoserver.core;
  requires org.slf4j;
  requires spring.beans;
  requires spring.boot;
  requires spring.boot.autoconfigure;
  requires spring.context;
  requires spring.core;
  requires static micrometer.commons;
  requires static micrometer.core;
  requires static micrometer.observation;
  requires static spring.boot.micrometer.metrics;
  requires static spring.boot.actuator;
  requires static spring.boot.actuator.autoconfigure;
  requires static spring.boot.health;
  requires static tools.jackson.core;
  requires static tools.jackson.databind;
  requires static org.reactivestreams;
  requires static reactor.core;
  requires static spring.boot.web.server;
  requires static spring.web;
  requires static spring.webflux;
  requires static spring.boot.test;
  requires static spring.boot.resttestclient;
  requires static spring.test;

  exports io.github.tornadoserver.spring;
  exports io.github.tornadoserver.spring.actuate;
  exports io.github.tornadoserver.spring.health;
  exports io.github.tornadoserver.spring.http;
  exports io.github.tornadoserver.spring.metrics;
  exports io.github.tornadoserver.spring.test;
  exports io.github.tornadoserver.spring.webflux;

  opens io.github.tornadoserver.spring;
  opens io.github.tornadoserver.spring.actuate;
  opens io.github.tornadoserver.spring.health;
  opens io.github.tornadoserver.spring.http;
  opens io.github.tornadoserver.spring.metrics;
  opens io.github.tornadoserver.spring.test;
  opens io.github.tornadoserver.spring.webflux;
}
