package io.github.tornadoserver.spring.http;

/**
 * What every {@link Exchange} of a router shares: its error bodies, its JSON codec and whom it
 * tells of a client that left. Immutable.
 */
record ExchangeServices(ErrorBodies errors, JsonCodec json, DisconnectListener disconnects) {
  /** No error bodies, no JSON, disconnects not counted. */
  static final ExchangeServices NONE =
      new ExchangeServices(ErrorBodies.NONE, JsonCodec.MISSING, DisconnectListener.NONE);
}
