package io.github.tornadoserver.http1connection;

import io.github.tornadoserver.httputil.HTTPHeaders;
import io.github.tornadoserver.httputil.RequestContext;

/**
 * Works out the context of one request from the connection's context and the request's fields
 * (proxy headers, the TLS peer's certificates). Called on the loop thread once per request, before
 * {@code headersReceived}; nothing carries over to the next request.
 */
@FunctionalInterface
public interface RequestContextResolver {
  /** The connection's context as it is. */
  RequestContextResolver IDENTITY = (context, headers) -> context;

  RequestContext resolve(RequestContext connectionContext, HTTPHeaders headers);
}
