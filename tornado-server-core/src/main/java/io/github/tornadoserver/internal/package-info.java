/** Helpers that two core packages truly share; not part of the public API. */
package io.github.tornadoserver.internal;
