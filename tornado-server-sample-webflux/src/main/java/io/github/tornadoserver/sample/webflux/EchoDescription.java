package io.github.tornadoserver.sample.webflux;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code /echo} answers: the request as the server read it, written as JSON by Spring's own
 * codec in this order.
 *
 * @param method the request method
 * @param uri the request target as sent (tornado-server), or the raw path and query
 * @param path the raw (still percent-encoded) path
 * @param query the raw query, empty when there is none
 * @param version the HTTP version as sent, or null when the server does not say
 * @param remoteIp the client's IP address
 * @param protocol the scheme, {@code http} or {@code https}
 * @param host the Host header (or the authority of an absolute target)
 * @param headers every header as a name and value pair, in the order the server hands them to
 *     Spring
 * @param bodyLength the body's length in bytes
 * @param bodySha256 the body's SHA-256, in lower-case hex
 */
record EchoDescription(
    String method,
    String uri,
    String path,
    String query,
    String version,
    @JsonProperty("remote_ip") String remoteIp,
    String protocol,
    String host,
    List<List<String>> headers,
    @JsonProperty("body_len") long bodyLength,
    @JsonProperty("body_sha256") String bodySha256) {}
