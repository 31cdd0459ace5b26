package io.github.tornadoserver.spring.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route, most specific first, and the lookup of a request's route. Immutable and thread-safe.
 */
final class RouteTable {
  /** One pattern of one handler bean. */
  record Entry(
      PathPattern pattern,
      Set<String> methods,
      RequestHandler handler,
      boolean blocking,
      String beanName) {
    Entry {
      methods = Set.copyOf(methods);
    }

    boolean allows(String method) {
      return methods.isEmpty()
          || methods.contains(method)
          || (method.equals("HEAD") && methods.contains("GET"));
    }

    boolean overlaps(Entry other) {
      return pattern.equals(other.pattern)
          && (methods.isEmpty()
              || other.methods.isEmpty()
              || !Collections.disjoint(methods, other.methods));
    }

    @Override
    public String toString() {
      return pattern + (methods.isEmpty() ? "" : " " + methods) + " (bean '" + beanName + "')";
    }
  }

  /**
   * What a request's method and path lead to.
   *
   * @param entry the route, or null when none matched
   * @param variables the route's variables (empty when none matched)
   * @param allowed when no route matched: the methods of the routes that match the path (empty for
   *     none: 404; else 405)
   */
  record Match(Entry entry, Map<String, String> variables, Set<String> allowed) {
    static final Match NOT_FOUND = new Match(null, Map.of(), Set.of());

    boolean found() {
      return entry != null;
    }
  }

  private final List<Entry> entries;

  /**
   * The routes of literal patterns by their path, in table order, each as the match it gives: a
   * request for one of these paths is routed without splitting its path or allocating a match.
   */
  private final Map<String, List<Match>> literalRoutes;

  /**
   * @throws IllegalStateException when two routes of one pattern shape share a method
   */
  RouteTable(List<Entry> routes) {
    List<Entry> sorted = new ArrayList<>(routes);
    sorted.sort((a, b) -> PathPattern.SPECIFIC_FIRST.compare(a.pattern(), b.pattern()));
    checkNoOverlap(sorted);
    this.entries = List.copyOf(sorted);
    this.literalRoutes = literalRoutes(entries);
  }

  private static Map<String, List<Match>> literalRoutes(List<Entry> entries) {
    Map<String, List<Match>> byPath = new HashMap<>();
    for (Entry entry : entries) {
      if (entry.pattern().literal()) {
        byPath
            .computeIfAbsent(entry.pattern().toString(), path -> new ArrayList<>())
            .add(new Match(entry, Map.of(), Set.of()));
      }
    }
    byPath.replaceAll((path, matches) -> List.copyOf(matches));
    return Map.copyOf(byPath);
  }

  private static void checkNoOverlap(List<Entry> routes) {
    for (int i = 0; i < routes.size(); i++) {
      for (int j = i + 1; j < routes.size(); j++) {
        if (routes.get(i).overlaps(routes.get(j))) {
          throw new IllegalStateException(
              "two routes answer the same requests: " + routes.get(i) + " and " + routes.get(j));
        }
      }
    }
  }

  /** The routes, most specific first. */
  List<Entry> entries() {
    return entries;
  }

  /**
   * The route of {@code method} and raw {@code path}. A literal route of the path, when one takes
   * the method, is the first in table order that would match: no other pattern that matches the
   * path has as many literal segments.
   */
  Match match(String method, String path) {
    List<Match> literal = literalRoutes.get(path);
    if (literal != null) {
      for (Match candidate : literal) {
        if (candidate.entry().allows(method)) {
          return candidate;
        }
      }
    }
    return scan(method, path);
  }

  /** Tries every route in order: the path's variables, or the methods other routes of it allow. */
  private Match scan(String method, String path) {
    String[] parts = PathPattern.segmentsOf(path);
    if (parts == null) {
      return Match.NOT_FOUND;
    }
    Set<String> allowed = null;
    for (Entry entry : entries) {
      Map<String, String> variables = entry.pattern().match(parts);
      if (variables == null) {
        continue;
      }
      if (entry.allows(method)) {
        return new Match(entry, variables, Set.of());
      }
      allowed = allowed == null ? new TreeSet<>() : allowed;
      allowed.addAll(entry.methods());
      if (entry.methods().contains("GET")) {
        allowed.add("HEAD");
      }
    }
    return allowed == null ? Match.NOT_FOUND : new Match(null, Map.of(), allowed);
  }
}
