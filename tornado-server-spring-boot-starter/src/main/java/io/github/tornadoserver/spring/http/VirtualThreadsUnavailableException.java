package io.github.tornadoserver.spring.http;

/**
 * {@code tornado.http.handler-execution=virtual-threads} on a JVM without virtual threads (before
 * Java 21). Start-up fails with it; a failure analyzer says what to change.
 */
public final class VirtualThreadsUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  VirtualThreadsUnavailableException(Runtime.Version version) {
    super(message(version));
  }

  VirtualThreadsUnavailableException(Runtime.Version version, Throwable cause) {
    super(message(version), cause);
  }

  private static String message(Runtime.Version version) {
    return "tornado.http.handler-execution=virtual-threads needs Java 21 or newer; this JVM is "
        + version;
  }
}
