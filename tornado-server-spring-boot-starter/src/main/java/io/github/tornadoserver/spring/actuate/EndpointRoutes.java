package io.github.tornadoserver.spring.actuate;

import io.github.tornadoserver.spring.http.RequestHandler;
import io.github.tornadoserver.spring.http.RouteDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.util.StringUtils;

/**
 * The routes of the exposed web endpoints on one server: one per path and method of their
 * operations under the base path, the links page at the base path itself, and the additional paths
 * the endpoints have on that server (health groups mapped outside the base path).
 *
 * <p>An operation's path comes from its request predicate: {@code {name}} selectors stay route
 * variables, and a last {@code {*name}} selector becomes a catch-all {@code **}. Operation routes
 * are blocking routes, so operations never run on a loop thread.
 */
final class EndpointRoutes {
  private static final String CATCH_ALL_SELECTOR = "\\{\\*[^}]+}$";

  private final Collection<ExposableWebEndpoint> endpoints;
  private final EndpointMediaTypes mediaTypes;
  private final EndpointResponses responses;

  EndpointRoutes(
      Collection<ExposableWebEndpoint> endpoints,
      EndpointMediaTypes mediaTypes,
      EndpointResponses responses) {
    this.endpoints = List.copyOf(endpoints);
    this.mediaTypes = mediaTypes;
    this.responses = responses;
  }

  /**
   * The routes on the server of {@code namespace}.
   *
   * @param basePath the path under which the endpoints are, empty for the root
   * @param links whether to answer the base path with the links page
   */
  List<RouteDefinition> routes(String basePath, boolean links, WebServerNamespace namespace) {
    EndpointMapping mapping = new EndpointMapping(basePath);
    List<RouteDefinition> routes = new ArrayList<>();
    for (ExposableWebEndpoint endpoint : endpoints) {
      routes.addAll(operationRoutes(endpoint, mapping, namespace));
      routes.addAll(additionalRoutes(endpoint, namespace));
    }
    if (links) {
      LinksRoute page =
          new LinksRoute(
              new EndpointLinksResolver(endpoints, basePath), mediaTypes.getProduced(), responses);
      routes.add(route(mapping.getPath(), "GET", page, false, "actuator links"));
    }
    return routes;
  }

  private List<RouteDefinition> operationRoutes(
      ExposableWebEndpoint endpoint, EndpointMapping mapping, WebServerNamespace namespace) {
    Map<String, List<WebOperation>> byRoute = new LinkedHashMap<>();
    for (WebOperation operation : endpoint.getOperations()) {
      WebOperationRequestPredicate predicate = operation.getRequestPredicate();
      String key =
          predicate.getHttpMethod().name() + " " + mapping.createSubPath(predicate.getPath());
      byRoute.computeIfAbsent(key, k -> new ArrayList<>()).add(operation);
    }
    List<RouteDefinition> routes = new ArrayList<>();
    byRoute.forEach(
        (key, operations) -> {
          String method = key.substring(0, key.indexOf(' '));
          String path = key.substring(key.indexOf(' ') + 1);
          String pattern = path.replaceFirst(CATCH_ALL_SELECTOR, "**");
          OperationRoute.Remainder remainder = OperationRoute.Remainder.after(segments(pattern));
          OperationRoute handler = new OperationRoute(operations, remainder, namespace, responses);
          routes.add(route(pattern, method, handler, true, source(endpoint)));
        });
    return routes;
  }

  /**
   * The routes of {@code endpoint}'s additional paths on the server of {@code namespace}: each
   * answers as the catch-all operation would for the path's own segments, which is how a health
   * group knows it is asked through its additional path.
   */
  private List<RouteDefinition> additionalRoutes(
      ExposableWebEndpoint endpoint, WebServerNamespace namespace) {
    List<RouteDefinition> routes = new ArrayList<>();
    for (String path : endpoint.getAdditionalPaths(namespace)) {
      String pattern = new EndpointMapping("").createSubPath(path);
      String[] segments = StringUtils.tokenizeToStringArray(pattern, "/");
      for (WebOperation operation : endpoint.getOperations()) {
        if (operation.getRequestPredicate().getMatchAllRemainingPathSegmentsVariable() != null) {
          OperationRoute handler =
              new OperationRoute(
                  List.of(operation),
                  OperationRoute.Remainder.fixed(segments),
                  namespace,
                  responses);
          String method = operation.getRequestPredicate().getHttpMethod().name();
          routes.add(route(pattern, method, handler, true, source(endpoint) + " at " + path));
        }
      }
    }
    return routes;
  }

  /** The number of segments of {@code pattern} before its catch-all, if any. */
  private static int segments(String pattern) {
    String fixed = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
    return StringUtils.tokenizeToStringArray(fixed, "/").length;
  }

  private static RouteDefinition route(
      String path, String method, RequestHandler handler, boolean blocking, String source) {
    String pattern = path.isEmpty() ? "/" : path;
    return new RouteDefinition(pattern, Set.of(method), handler, blocking, source);
  }

  private static String source(ExposableWebEndpoint endpoint) {
    return "actuator endpoint '" + endpoint.getEndpointId() + "'";
  }
}
