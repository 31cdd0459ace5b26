package io.github.tornadoserver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The IDE metadata the configuration processor wrote, merged with the hand-written part. */
class ConfigurationMetadataTest {
  private static final Pattern PROPERTY =
      Pattern.compile("\\{[^{}]*\"name\": \"(tornado\\.[^\"]+)\"[^{}]*\\}");

  @Test
  void describesEveryTornadoProperty() throws IOException {
    String json = section(metadata(), "properties");
    List<String> undescribed = new ArrayList<>();
    Matcher property = PROPERTY.matcher(json);
    int count = 0;
    while (property.find()) {
      count++;
      if (!property.group().contains("\"description\"")) {
        undescribed.add(property.group(1));
      }
    }
    assertThat(count).isGreaterThanOrEqualTo(38);
    assertThat(undescribed).isEmpty();
  }

  @Test
  void hintsTheResolverTypesAndNamesTheEnabledFlags() throws IOException {
    String json = metadata();
    assertThat(json)
        .contains("\"name\": \"tornado.resolver.type\"")
        .contains("\"value\": \"threaded\"")
        .contains("\"value\": \"override\"")
        .contains("\"name\": \"tornado.http.enabled\"")
        .contains("\"name\": \"tornado.tcp.enabled\"")
        .contains("\"name\": \"management.health.tornado.enabled\"");
  }

  @Test
  void describesTheProxyProtocolPropertiesOfBothServers() throws IOException {
    String json = metadata();
    for (String server : new String[] {"http", "tcp"}) {
      for (String name : new String[] {"mode", "trusted-peers", "max-header-length", "timeout"}) {
        assertThat(json)
            .contains("\"name\": \"tornado." + server + ".proxy-protocol." + name + "\"");
      }
    }
  }

  /** The text of the top-level array {@code name}, up to the next top-level array. */
  private static String section(String json, String name) {
    int start = json.indexOf("\"" + name + "\": [");
    int end = json.indexOf("\n  ],", start);
    return json.substring(start, end < 0 ? json.length() : end);
  }

  private static String metadata() throws IOException {
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
