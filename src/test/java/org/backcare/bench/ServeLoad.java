package org.backcare.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backcare.generate.ProfileGenerator;
import org.backcare.profile.ProfileWriter;

/**
 * Load on {@code POST /plan} of a running {@code backcare serve}: for each number of concurrent clients, each client
 * sends generated profiles one after another for the given seconds (after a warm-up), and the run prints requests per
 * second and the 50th and 99th percentile latency. Run by {@code bench/serve}.
 *
 * <p>Usage: {@code ServeLoad BASE_URL SECONDS WARMUP_SECONDS CLIENTS...}
 */
public final class ServeLoad {
    private ServeLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI plan = URI.create(args[0] + "/plan");
        double seconds = Double.parseDouble(args[1]);
        double warmup = Double.parseDouble(args[2]);
        ProfileGenerator generator = new ProfileGenerator(31);
        ProfileWriter writer = new ProfileWriter();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 2000; i++) bodies.add(writer.toJsonLine(generator.profile(i)));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        run(client, plan, bodies, 8, warmup);
        System.out.println("clients  requests/s     p50 ms     p99 ms   errors");
        for (int i = 3; i < args.length; i++) {
            int clients = Integer.parseInt(args[i]);
            Result result = run(client, plan, bodies, clients, seconds);
            System.out.printf(Locale.ROOT, "%7d %11.0f %10.2f %10.2f %8d%n", clients, result.rate(), result.p50(),
                    result.p99(), result.errors());
        }
    }

    private record Result(double rate, double p50, double p99, long errors) {
    }

    private static Result run(HttpClient client, URI plan, List<String> bodies, int clients, double seconds)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int offset = c * 97;
            done.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                long errors = 0;
                for (int i = offset; !stop.get(); i++) {
                    HttpRequest request = HttpRequest.newBuilder(plan).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long took = System.nanoTime() - sent;
                    if (response.statusCode() != 200) errors++;
                    if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
                    latencies[n++] = took;
                }
                long[] result = Arrays.copyOf(latencies, n + 1);
                result[n] = errors;
                return result;
            }));
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        List<Long> all = new ArrayList<>();
        long errors = 0;
        for (Future<long[]> future : done) {
            long[] result = future.get();
            for (int i = 0; i < result.length - 1; i++) all.add(result[i]);
            errors += result[result.length - 1];
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        all.sort(null);
        return new Result(all.size() / elapsed, percentile(all, 0.50), percentile(all, 0.99), errors);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) return 0;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
