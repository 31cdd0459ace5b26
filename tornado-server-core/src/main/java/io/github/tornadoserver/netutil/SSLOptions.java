package io.github.tornadoserver.netutil;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/** TEMPORARY stub until the real SSLOptions lands. */
public final class SSLOptions {
  private final SSLContext context;

  private SSLOptions(SSLContext context) {
    this.context = context;
  }

  public static SSLOptions ofContext(SSLContext context) {
    return new SSLOptions(context);
  }

  public static SSLOptions defaultClient() {
    try {
      return new SSLOptions(SSLContext.getDefault());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public SSLEngine createEngine(boolean serverSide, String serverHostname, InetSocketAddress peer) {
    SSLEngine engine =
        peer == null
            ? context.createSSLEngine()
            : context.createSSLEngine(serverHostname, peer.getPort());
    engine.setUseClientMode(!serverSide);
    return engine;
  }
}
