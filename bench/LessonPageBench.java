import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * Times lesson pages over HTTP, one request after another on a kept-alive connection, the way one
 * reader clicks through: {@code java bench/LessonPageBench.java BASE_URL PATH [REQUESTS]}.
 * Prints p50/p90/p99/max in milliseconds; the last line is {@code lesson_page_p50_ms: X}.
 */
public class LessonPageBench {
    public static void main(String[] args) throws Exception {
        String url = args[0] + args[1];
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build();
        for (int i = 0; i < 1000; i++) { // warm-up: JIT, template and page caches
            check(client.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        long[] nanos = new long[requests];
        long bytes = 0;
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - start;
            check(response);
            bytes = response.body().length();
        }
        Arrays.sort(nanos);
        System.out.printf("%s: %d requests, %d characters per page%n", url, requests, bytes);
        System.out.printf("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
        System.out.printf("lesson_page_p50_ms: %.2f%n", ms(nanos, 0.50));
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + response.uri());
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
