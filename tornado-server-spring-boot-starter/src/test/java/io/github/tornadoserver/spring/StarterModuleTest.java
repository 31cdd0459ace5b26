package io.github.tornadoserver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Opens;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The compiled module descriptor of the starter: what it exports and opens to Spring. */
class StarterModuleTest {

  @Test
  void exportsAndOpensEveryPackageToEveryone() throws Exception {
    ModuleDescriptor starter = compiledDescriptor();

    assertThat(starter.name()).isEqualTo("io.github.tornadoserver.spring");
    assertThat(starter.exports()).noneMatch(Exports::isQualified);
    assertThat(starter.exports().stream().map(Exports::source).collect(Collectors.toSet()))
        .isEqualTo(starter.packages());
    assertThat(starter.opens()).noneMatch(Opens::isQualified);
    assertThat(starter.opens().stream().map(Opens::source).collect(Collectors.toSet()))
        .isEqualTo(starter.packages());
  }

  @Test
  void requiresTheCoreTransitively() throws Exception {
    assertThat(compiledDescriptor().requires())
        .filteredOn(r -> r.name().equals("io.github.tornadoserver.core"))
        .singleElement()
        .satisfies(r -> assertThat(r.modifiers()).containsExactly(Requires.Modifier.TRANSITIVE));
  }

  /** The descriptor of the main classes directory, with the packages found in it. */
  private static ModuleDescriptor compiledDescriptor() throws Exception {
    Path classes =
        Path.of(
            TornadoProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<ModuleReference> found = ModuleFinder.of(classes).findAll();
    assertThat(found).hasSize(1);
    return found.iterator().next().descriptor();
  }
}
