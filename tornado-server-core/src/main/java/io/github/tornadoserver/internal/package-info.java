/**
 * Helpers that two core packages truly share; not part of the public API, and not exported by the
 * core module. Each helper states its own threading contract.
 */
package io.github.tornadoserver.internal;
