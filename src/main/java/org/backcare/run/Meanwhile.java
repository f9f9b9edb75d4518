package org.backcare.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A result worked out on a thread of its own from the moment it is started, so that the work overlaps what the
 * starting thread does meanwhile; {@link #get} waits for it. The thread is a daemon: a process that ends early does
 * not wait for work it no longer needs.
 *
 * @param <T> the result's type
 */
public final class Meanwhile<T> implements Supplier<T> {
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private Meanwhile() {
    }

    /** Starts {@code work} on a new daemon thread named {@code threadName}. */
    public static <T> Meanwhile<T> start(String threadName, Supplier<T> work) {
        Meanwhile<T> meanwhile = new Meanwhile<>();
        Thread thread = new Thread(() -> {
            try {
                meanwhile.result.complete(work.get());
            } catch (Throwable e) {
                meanwhile.result.completeExceptionally(e);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return meanwhile;
    }

    /** The result, once the work is done; what the work threw is thrown here, as if it had run on this thread. */
    @Override
    public T get() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            if (e.getCause() instanceof Error cause) throw cause;
            throw e;
        }
    }
}
