package io.github.tornadoserver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The compiled module descriptor of the core: the API it exports and what it needs. */
class CoreModuleTest {

  @Test
  void exportsEveryPackageButInternalToEveryone() throws Exception {
    ModuleDescriptor core = compiledDescriptor();
    Set<String> expected = new TreeSet<>(core.packages());
    expected.remove("io.github.tornadoserver.internal");

    assertThat(core.name()).isEqualTo("io.github.tornadoserver.core");
    assertThat(core.exports()).noneMatch(Exports::isQualified);
    assertThat(core.exports().stream().map(Exports::source).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void requiresOnlySlf4jBesidesTheJdkBase() throws Exception {
    assertThat(compiledDescriptor().requires().stream().map(Requires::name))
        .containsExactlyInAnyOrder("java.base", "org.slf4j");
  }

  @Test
  void opensNothing() throws Exception {
    ModuleDescriptor core = compiledDescriptor();
    assertThat(core.isOpen()).isFalse();
    assertThat(core.opens()).isEmpty();
  }

  /** The descriptor of the main classes directory, with the packages found in it. */
  private static ModuleDescriptor compiledDescriptor() throws Exception {
    Path classes =
        Path.of(DaemonPools.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<ModuleReference> found = ModuleFinder.of(classes).findAll();
    assertThat(found).hasSize(1);
    return found.iterator().next().descriptor();
  }
}
