package io.github.tornadoserver.spring.http;

import java.util.List;
import java.util.concurrent.Executors;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The reflection an ahead-of-time compiled application needs for virtual threads ({@code
 * handler-execution=virtual-threads}, and blocking routes on Java 21 or newer): {@link
 * HandlerExecutors} looks {@code Executors.newVirtualThreadPerTaskExecutor()} up by name (compiled
 * for Java 17, where it does not exist). Registered in {@code META-INF/spring/aot.factories};
 * without it a native image would report virtual threads as unavailable.
 */
final class HandlerExecutorsRuntimeHints implements RuntimeHintsRegistrar {
  static final String VIRTUAL_THREAD_FACTORY = "newVirtualThreadPerTaskExecutor";

  @Override
  public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
    hints
        .reflection()
        .registerType(
            Executors.class,
            type -> type.withMethod(VIRTUAL_THREAD_FACTORY, List.of(), ExecutableMode.INVOKE));
  }
}
