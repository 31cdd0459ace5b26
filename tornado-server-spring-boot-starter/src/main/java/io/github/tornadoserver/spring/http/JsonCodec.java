package io.github.tornadoserver.spring.http;

/**
 * Turns objects into JSON and back for {@link Exchange#respondJson} and {@link Exchange#bodyAs}:
 * the seam that keeps Jackson an optional dependency. Thread-safe.
 */
interface JsonCodec {
  /** Without Jackson on the class path: every use says what to add. */
  JsonCodec MISSING =
      new JsonCodec() {
        @Override
        public byte[] write(Object value) {
          throw missing();
        }

        @Override
        public <T> T read(byte[] body, Class<T> type) {
          throw missing();
        }

        private IllegalStateException missing() {
          return new IllegalStateException(
              "JSON needs Jackson 3 (tools.jackson.core:jackson-databind) on the class path:"
                  + " add spring-boot-starter-jackson");
        }
      };

  /** {@code value} as UTF-8 JSON. */
  byte[] write(Object value);

  /**
   * {@code body} read as a {@code type}.
   *
   * @throws ClientErrorException 400 when the body is not JSON of that type, naming the problem
   */
  <T> T read(byte[] body, Class<T> type);
}
