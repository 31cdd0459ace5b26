package io.github.tornadoserver.tls;

import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * {@link SSLOptions} around a ready {@link SSLContext}, or a supplier asked for one per connection:
 * the context's own key and trust managers decide which certificate is presented and which are
 * trusted. Made by {@link SSLOptions#ofContext(SSLContext)} or {@link SSLOptions#fromContext}
 * (either form); immutable.
 */
public final class ContextOptions implements SSLOptions {
  private final SSLContext context;
  private final Supplier<SSLContext> contextSupplier;
  private final TlsSettings settings;

  private ContextOptions(Builder builder) {
    this.context = builder.context;
    this.contextSupplier = builder.contextSupplier;
    this.settings = builder.settings();
  }

  @Override
  public TlsSettings settings() {
    return settings;
  }

  /**
   * The given context, or a fresh one from the supplier.
   *
   * @throws IllegalStateException if the supplier returns null
   */
  @Override
  public SSLContext context() {
    if (contextSupplier == null) {
      return context;
    }
    SSLContext supplied = contextSupplier.get();
    if (supplied == null) {
      throw new IllegalStateException("the SSLContext supplier returned null");
    }
    return supplied;
  }

  /** Whether each connection asks a supplier for its context. */
  public boolean isSupplied() {
    return contextSupplier != null;
  }

  /** True: the context's trust managers verify the peer (or decide not to). */
  @Override
  public boolean verifyPeer() {
    return true;
  }

  /** True: the context is assumed to hold a key when it is meant for a server. */
  @Override
  public boolean hasKeyMaterial() {
    return true;
  }

  /** A builder with the same context or supplier and settings. */
  @Override
  public Builder toBuilder() {
    return new Builder(context, contextSupplier, settings);
  }

  /** The context's protocol (or "supplier") and the settings. */
  @Override
  public String toString() {
    return "SSLOptions[context="
        + (contextSupplier != null ? "supplier" : context.getProtocol())
        + TlsSupport.describe(null, settings, true)
        + "]";
  }

  /** Builds {@link ContextOptions}: the context is given; the settings may be changed. */
  public static final class Builder extends OptionsBuilder<Builder> {
    private final SSLContext context;
    private final Supplier<SSLContext> contextSupplier;

    Builder(SSLContext context) {
      this(Objects.requireNonNull(context, "context"), null, TlsSettings.defaults());
    }

    Builder(Supplier<SSLContext> contextSupplier) {
      this(
          null, Objects.requireNonNull(contextSupplier, "contextSupplier"), TlsSettings.defaults());
    }

    private Builder(
        SSLContext context, Supplier<SSLContext> contextSupplier, TlsSettings settings) {
      super(settings);
      this.context = context;
      this.contextSupplier = contextSupplier;
    }

    /**
     * Checks a given context against the settings; a supplier's contexts are not asked for now.
     *
     * @throws IllegalArgumentException when the given context supports none of the protocols or
     *     ciphers
     */
    @Override
    public ContextOptions build() {
      if (context != null) {
        TlsSupport.checkSupported(context, settings());
      }
      return new ContextOptions(this);
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
