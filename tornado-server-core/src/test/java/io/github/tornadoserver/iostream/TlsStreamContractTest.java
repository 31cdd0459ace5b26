package io.github.tornadoserver.iostream;

import io.github.tornadoserver.testing.TestCertificates;

/** The stream contract over TLS: both sides are {@link SSLIOStream}s on the test certificates. */
class TlsStreamContractTest extends StreamContractTest {

  @Override
  StreamPair.Factory factory() {
    return (channel, serverSide, options) ->
        serverSide
            ? new SSLIOStream(channel, options, TestCertificates.server(), true, null)
            : new SSLIOStream(channel, options, TestCertificates.client(), false, null);
  }
}
