package io.github.tornadoserver.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

class HandlerExecutorsRuntimeHintsTest {

  @Test
  void isFoundByAheadOfTimeProcessingThroughAotFactories() {
    assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
        .anyMatch(HandlerExecutorsRuntimeHints.class::isInstance);
  }

  @Test
  void letsTheVirtualThreadFactoryBeInvokedByName() {
    RuntimeHints hints = new RuntimeHints();
    new HandlerExecutorsRuntimeHints().registerHints(hints, getClass().getClassLoader());

    assertThat(RuntimeHintsPredicates.reflection().onType(Executors.class)).accepts(hints);
    assertThat(hints.reflection().getTypeHint(TypeReference.of(Executors.class)).methods())
        .singleElement()
        .satisfies(
            method -> {
              assertThat(method.getName()).isEqualTo("newVirtualThreadPerTaskExecutor");
              assertThat(method.getParameterTypes()).isEmpty();
              assertThat(method.getMode()).isEqualTo(ExecutableMode.INVOKE);
            });
  }

  @Test
  void matchesTheMethodWhereItExistsAndNamesOnlyItOnAJavaWithoutIt() {
    RuntimeHints hints = new RuntimeHints();
    new HandlerExecutorsRuntimeHints().registerHints(hints, getClass().getClassLoader());

    if (HandlerExecutors.VirtualThreads.available()) {
      assertThat(
              RuntimeHintsPredicates.reflection()
                  .onMethodInvocation(Executors.class, "newVirtualThreadPerTaskExecutor"))
          .accepts(hints);
    } else {
      // Java 17-20: the method is not there, and the hint (a name, not a resolved method) is the
      // only one registered, so it costs an image nothing.
      assertThatThrownBy(() -> Executors.class.getMethod("newVirtualThreadPerTaskExecutor"))
          .isInstanceOf(NoSuchMethodException.class);
      assertThat(hints.reflection().typeHints()).hasSize(1);
    }
  }
}
