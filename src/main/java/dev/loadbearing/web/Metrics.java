package dev.loadbearing.web;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The node's metrics in Prometheus's text format at {@code GET /metrics} (Micrometer): HTTP
 * requests by route and status, the grading queue's depth, gradings by outcome and how long
 * learners waited for them, worker JVMs started and retired, and the JVM's own (memory, GC,
 * threads). Routes are the path templates ({@code /api/exercises/{id}/submissions}), never raw
 * paths, so a scan of random URLs cannot grow the series without bound.
 *
 * <p>{@code /metrics} answers only a scraper that connects directly from an address of
 * {@code --metrics-from} (default: loopback) without any {@code X-Forwarded-For}: through the
 * public proxy it is a 404 like any unknown page.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Proxies scrapers;

    public Metrics(Proxies scrapers) {
        this.scrapers = scrapers;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Counts a finished request (from Javalin's request logger). */
    public void request(Context ctx, float millis) {
        String route;
        try {
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            route = endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        if ("unmatched".equals(route) && ctx.status().getCode() < 400 && (ctx.path().startsWith("/static/") || ctx.path().contains("."))) {
            route = "static";
        }
        Timer.builder("http.server.requests").description("HTTP requests served, by route, method and status")
                .tags("route", route, "method", ctx.method().name(), "status", String.valueOf(ctx.status().getCode()))
                .register(registry).record(Duration.ofNanos((long) (millis * 1_000_000)));
    }

    /** A gauge read at each scrape. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** A counter kept elsewhere (a monotonically growing number), read at each scrape. */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    /** Records one grading: its outcome and how long the learner waited for it, queueing included. */
    public void graded(String status, long millis) {
        Timer.builder("loadbearing.grading.wait").description("From storing a submission to its verdict, as the learner waited")
                .tags("status", status).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofSeconds(120)).register(registry).record(millis, TimeUnit.MILLISECONDS);
    }

    /** A refusal before grading (busy, rate limited, invalid). */
    public void refused(String why) {
        Counter.builder("loadbearing.grading.refused").description("Gradings turned away before anything was stored")
                .tags("reason", why).register(registry).increment();
    }

    public void show(Context ctx) {
        if (!scrapers.trusts(ctx.req().getRemoteAddr()) || ctx.header("X-Forwarded-For") != null) {
            ctx.status(404).result("Not found");
            return;
        }
        ctx.header("Cache-Control", "no-store").contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    /** The text a scrape would get (tests). */
    public String scrape() {
        return registry.scrape();
    }
}
