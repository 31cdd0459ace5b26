/**
 * TLS for Tornado's {@code ssl_options}: {@link SSLOptions}, one type per way of giving the key
 * (PEM files, a key store, none, a ready context), and the JDK-only reading of PEM and DER it
 * needs. Depends on nothing else of tornado-server; {@code netutil}'s {@code sslOptionsToContext}
 * and {@code sslWrapSocket} and the streams above build on it.
 */
package io.github.tornadoserver.tls;
