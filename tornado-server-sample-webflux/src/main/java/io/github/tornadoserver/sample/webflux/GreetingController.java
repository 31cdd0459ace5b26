package io.github.tornadoserver.sample.webflux;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/greetings}: JSON in, JSON out, through Spring's configured JSON codec. A body
 * that breaks a constraint is answered 400 with Boot's error JSON, naming each field that failed.
 * Browsers on {@code https://example.com} may call it ({@link WebConfiguration}).
 */
@RestController
@RequestMapping("/api/greetings")
class GreetingController {

  /**
   * What a client sends.
   *
   * @param name who to greet: 1 to 100 characters, not only blanks
   * @param excitement how many exclamation marks end the greeting, 0 to 5
   */
  record GreetingRequest(@NotBlank @Size(max = 100) String name, @Min(0) @Max(5) int excitement) {}

  /**
   * What it gets back.
   *
   * @param greeting the greeting
   * @param length the greeting's length in characters
   */
  record Greeting(String greeting, int length) {}

  @PostMapping
  Mono<Greeting> greet(@Valid @RequestBody Mono<GreetingRequest> request) {
    return request.map(
        r -> {
          String greeting = "Hello, " + r.name() + "!".repeat(r.excitement());
          return new Greeting(greeting, greeting.length());
        });
  }
}
