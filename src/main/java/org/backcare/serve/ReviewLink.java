package org.backcare.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.backcare.plan.Plan;
import org.backcare.profile.Profile;

/**
 * What the server asks of a review workspace when one is on ({@code serve --data DIR} or {@code --db URL}): to serve
 * its own pages and forms, to keep the profiles that requests plan, and to say whether a plan a card shows was
 * signed off. The server stays the same without one.
 */
public interface ReviewLink {
    /** Whether the workspace serves {@code path} (its pages and forms); the server's own endpoints are never its. */
    boolean serves(String path);

    /** Serves one request of the workspace's; {@code bodies} reads a request's body within the server's limits. */
    void handle(HttpExchange exchange, Bodies bodies) throws IOException;

    /**
     * Keeps a profile a request planned, and its plan, for review; it must never fail or slow the request it came
     * with.
     */
    void keep(Profile profile, Plan plan, String source);

    /**
     * What a card says of a clinician's review of this plan ("signed off by lee on 2026-12-07", or that an override in
     * the workspace changes it), or {@code null} when the workspace has nothing to say of it.
     */
    String reviewOf(Plan plan);

    /** Reads request bodies within the server's memory budget and size limit. */
    interface Bodies {
        /**
         * The body of a request whose Content-Type matches {@code types} (a regular expression over the media type in
         * lower case), at most {@code maxBytes}; the server answers 413 or 415 (and this does not return) otherwise.
         */
        byte[] read(HttpExchange exchange, String types, int maxBytes) throws IOException;
    }
}
