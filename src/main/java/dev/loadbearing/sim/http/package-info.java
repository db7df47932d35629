/**
 * HTTP through an API gateway: {@link dev.loadbearing.sim.http.HttpRequest}s with a method, a
 * path and {@link dev.loadbearing.sim.http.Headers}, {@link dev.loadbearing.sim.http.HttpResponse}s
 * with a status (200, 401, 403, 404, 429, 5xx) and headers such as {@code Retry-After}, signed and
 * expiring identity tokens ({@link dev.loadbearing.sim.http.TokenIssuer},
 * {@link dev.loadbearing.sim.http.TokenVerifier}), and a {@link dev.loadbearing.sim.http.Gateway}
 * that runs each request through a pipeline of {@link dev.loadbearing.sim.http.Filter}s and
 * forwards it to a backend {@link dev.loadbearing.sim.server.Server}. Filters decide through an
 * {@link dev.loadbearing.sim.http.Exchange}, now or later (after a call to a shared store).
 */
package dev.loadbearing.sim.http;
