package dev.tacit.server.http;

import io.javalin.config.JavalinConfig;

/**
 * A module of routes (devices, models, rounds, dashboard, analytics, ...). It receives what it
 * needs at construction (usually a {@link ServerContext}); {@link Api} installs it, after which its
 * exceptions are answered by the one error mapping ({@link ErrorMapper}).
 */
public interface Routes {
  /** Adds the routes to {@code c}. */
  void configure(JavalinConfig c);
}
