package io.github.tornadoserver.spring;

import io.github.tornadoserver.process.Process;

/** How many loops the group needs: enough for the server that accepts on the most. */
final class LoopCount {
  private LoopCount() {}

  static int of(TornadoProperties properties) {
    int count = resolve(properties.getHttp().getProcesses());
    return Math.max(count, resolve(properties.getTcp().getProcesses()));
  }

  /** {@code processes}, with 0 or less meaning one per processor. */
  static int resolve(int processes) {
    return processes <= 0 ? Process.cpuCount() : processes;
  }
}
