package io.github.tornadoserver.spring;

import io.github.tornadoserver.netutil.ResolverListener;
import java.util.List;

/** Every {@link ResolverListener} bean as one listener, told in the beans' order. */
final class ResolverListeners {
  private ResolverListeners() {}

  static ResolverListener of(List<ResolverListener> listeners) {
    if (listeners.isEmpty()) {
      return ResolverListener.NONE;
    }
    if (listeners.size() == 1) {
      return listeners.get(0);
    }
    List<ResolverListener> all = List.copyOf(listeners);
    return (type, result, nanos) -> all.forEach(each -> each.onLookup(type, result, nanos));
  }
}
