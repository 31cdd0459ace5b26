package io.github.tornadoserver.spring.http;

import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON through the application's {@link JsonMapper} bean (the one Spring Boot auto-configures from
 * {@code spring.jackson.*}), or a default mapper when it has none. The mapper is looked up on first
 * use, so that a router built early does not fix a mapper before the context has made it.
 */
final class JacksonJsonCodec implements JsonCodec {
  private final Supplier<JsonMapper> mapper;
  private volatile JsonMapper resolved;

  JacksonJsonCodec(Supplier<JsonMapper> mapper) {
    this.mapper = mapper;
  }

  /** The codec of the application's {@link JsonMapper} bean, or of a default mapper. */
  static JsonCodec of(ListableBeanFactory beans) {
    ObjectProvider<JsonMapper> mappers = beans.getBeanProvider(JsonMapper.class);
    return new JacksonJsonCodec(() -> mappers.getIfAvailable(() -> JsonMapper.builder().build()));
  }

  @Override
  public byte[] write(Object value) {
    return mapper().writeValueAsBytes(value);
  }

  @Override
  public <T> T read(byte[] body, Class<T> type) {
    try {
      return mapper().readValue(body, type);
    } catch (JacksonException e) {
      throw new ClientErrorException(
          400, "request body is not valid JSON for " + type.getSimpleName() + ": " + summary(e), e);
    }
  }

  /** Jackson's message without the source excerpt, which may echo the client's bytes at length. */
  private static String summary(JacksonException e) {
    String message = e.getOriginalMessage();
    int end = message == null ? -1 : message.indexOf('\n');
    String first = end < 0 ? message : message.substring(0, end);
    if (e.getLocation() != null) {
      first +=
          " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")";
    }
    return first;
  }

  private JsonMapper mapper() {
    JsonMapper current = resolved;
    if (current == null) {
      current = mapper.get();
      resolved = current;
    }
    return current;
  }
}
