package io.github.tornadoserver.sample.webflux;

import java.security.Principal;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/whoami}: the authenticated user's name. Only reachable with the credentials of
 * {@code spring.security.user.*} ({@link SecurityConfiguration}).
 */
@RestController
class AdminController {

  @GetMapping("/admin/whoami")
  Map<String, String> whoami(Principal principal) {
    return Map.of("user", principal.getName());
  }
}
