package org.backcare.review.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.backcare.review.Account;

/**
 * Who is signed in: sessions by an unguessable token (256 random bits, in an HttpOnly SameSite=Strict cookie), each
 * with its own CSRF token for the forms it is shown; a session ends after 30 minutes unused or 12 hours in all, and
 * at sign-out. Sign-in attempts are limited: after 5 failures in 15 minutes for a name, or 20 from one address, more
 * are refused until the oldest is 15 minutes old (OWASP's authentication advice). In memory: a restarted server
 * asks everyone to sign in again. Thread-safe.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LONGEST = Duration.ofHours(12);
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int FAILURES_PER_NAME = 5;
    static final int FAILURES_PER_ADDRESS = 20;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Recent failures (and attempts under way) by name and by address; guarded by this. */
    private final Map<String, Deque<Instant>> failures = new java.util.HashMap<>();

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A signed-in account, and the CSRF token its forms carry. */
    record Session(String token, Account account, String csrf, Instant started, Instant lastSeen) {
    }

    String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Session start(Account account) {
        Instant now = clock.instant();
        Session session = new Session(token(), account, token(), now, now);
        sessions.put(session.token(), session);
        return session;
    }

    /** The live session of {@code token}, noted as used now; empty when there is none or it expired. */
    Optional<Session> find(String token) {
        if (token == null) return Optional.empty();
        Session session = sessions.get(token);
        if (session == null) return Optional.empty();
        Instant now = clock.instant();
        if (now.isAfter(session.lastSeen().plus(IDLE)) || now.isAfter(session.started().plus(LONGEST))) {
            sessions.remove(token);
            return Optional.empty();
        }
        Session used = new Session(session.token(), session.account(), session.csrf(), session.started(), now);
        sessions.replace(token, session, used);
        return Optional.of(used);
    }

    void end(String token) {
        if (token != null) sessions.remove(token);
    }

    /**
     * Takes an attempt to sign in as {@code name} from {@code address}: zero, and the attempt counted as a failure
     * until {@link #succeeded} says otherwise, when it may go ahead; else how long until one may. Checked and counted
     * at once, so that attempts made together count together.
     */
    synchronized Duration attempt(String name, String address) {
        Instant now = clock.instant();
        Deque<Instant> byName = failures.computeIfAbsent("name:" + name, k -> new ArrayDeque<>());
        Deque<Instant> byAddress = failures.computeIfAbsent("address:" + address, k -> new ArrayDeque<>());
        Duration wait = longer(wait(byName, FAILURES_PER_NAME, now), wait(byAddress, FAILURES_PER_ADDRESS, now));
        if (!wait.isZero()) return wait;
        byName.addLast(now);
        byAddress.addLast(now);
        // names made up by the thousand must not fill the memory: keys with no failure in the window go
        if (failures.size() > 10_000) failures.values().removeIf(times -> wait(times, 1, now).isZero());
        return Duration.ZERO;
    }

    /** The attempt {@link #attempt} took succeeded: it is not a failure. */
    synchronized void succeeded(String name, String address) {
        for (String key : new String[] {"name:" + name, "address:" + address}) {
            Deque<Instant> times = failures.get(key);
            if (times != null && !times.isEmpty()) times.removeLast();
        }
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) > 0 ? a : b;
    }

    private static Duration wait(Deque<Instant> times, int allowed, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) times.removeFirst();
        if (times.size() < allowed) return Duration.ZERO;
        return Duration.between(now, times.peekFirst().plus(WINDOW));
    }
}
