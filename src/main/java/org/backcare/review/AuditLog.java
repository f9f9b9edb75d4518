package org.backcare.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The workspace's audit trail: entries are only ever added (the database refuses updates and deletes of
 * {@code audit_log}), each in the transaction of what it records, and each hash covers the entry before, so that an
 * entry changed or removed outside the application shows in {@link #verify}.
 */
final class AuditLog {
    /** The longest reason and detail the columns hold. */
    static final int MAX_REASON = 4000;
    static final int MAX_DETAIL = 20_000;

    private AuditLog() {
    }

    /** {@code text} cut to {@code max} characters, an ellipsis its last; null stays null. */
    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    /** What one entry records, before it has its place in the trail. */
    record Event(String actor, String action, String profileId, Integer planBefore, Integer planAfter, String reason,
            String detail) {
    }

    /**
     * Adds {@code events} at the end of the trail, in the caller's transaction: the head's row lock orders them
     * after every entry committed before, and keeps others waiting until this transaction ends.
     */
    static void append(Connection connection, Instant now, List<Event> events) throws SQLException {
        if (events.isEmpty()) return;
        // as PostgreSQL keeps it: the hash of what is read back must be the hash of what was written
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        long seq;
        String previous;
        try (PreparedStatement head = connection.prepareStatement(
                "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet row = head.executeQuery()) {
            row.next();
            seq = row.getLong(1);
            previous = row.getString(2);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_log (seq, at, actor, action,"
                + " profile_id, plan_before, plan_after, reason, detail, previous_hash, hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Event given : events) {
                seq++;
                // as long as the columns hold, cut before hashing: what is hashed is what is kept
                Event event = new Event(given.actor(), given.action(), given.profileId(), given.planBefore(),
                        given.planAfter(), cut(given.reason(), MAX_REASON), cut(given.detail(), MAX_DETAIL));
                String hash = AuditEntry.hashOf(seq, at, event.actor(), event.action(), event.profileId(),
                        event.planBefore(), event.planAfter(), event.reason(), event.detail(), previous);
                insert.setLong(1, seq);
                insert.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                insert.setString(3, event.actor());
                insert.setString(4, event.action());
                insert.setString(5, event.profileId());
                setInteger(insert, 6, event.planBefore());
                setInteger(insert, 7, event.planAfter());
                insert.setString(8, event.reason());
                insert.setString(9, event.detail());
                insert.setString(10, previous);
                insert.setString(11, hash);
                insert.addBatch();
                previous = hash;
            }
            insert.executeBatch();
        }
        try (PreparedStatement head = connection.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            head.setLong(1, seq);
            head.setString(2, previous);
            head.executeUpdate();
        }
    }

    static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) statement.setNull(index, Types.INTEGER);
        else statement.setInt(index, value);
    }

    /** The entries about {@code profileId} (every entry when it is null) after {@code afterSeq}, oldest first. */
    static List<AuditEntry> read(Connection connection, String profileId, long afterSeq, int limit)
            throws SQLException {
        String sql = "SELECT seq, at, actor, action, profile_id, plan_before, plan_after, reason, detail,"
                + " previous_hash, hash FROM audit_log WHERE seq > ?" + (profileId == null ? "" : " AND profile_id = ?")
                + " ORDER BY seq LIMIT ?";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            int i = 1;
            query.setLong(i++, afterSeq);
            if (profileId != null) query.setString(i++, profileId);
            query.setInt(i, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    entries.add(new AuditEntry(row.getLong(1), row.getObject(2, OffsetDateTime.class).toInstant(),
                            row.getString(3), row.getString(4), row.getString(5), (Integer) row.getObject(6),
                            (Integer) row.getObject(7), row.getString(8), row.getString(9), row.getString(10),
                            row.getString(11)));
                }
            }
            return entries;
        }
    }

    /**
     * Checks the whole trail: entries numbered 1 to the head's number without a gap, each entry's hash its fields'
     * and each chained to the one before. Returns the problems found, in words; empty when the trail is whole.
     */
    static List<String> verify(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        // the head first: entries appended while the trail is read are after it, and not checked this time
        long headSeq;
        String headHash;
        try (PreparedStatement head = connection.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
                ResultSet row = head.executeQuery()) {
            row.next();
            headSeq = row.getLong(1);
            headHash = row.getString(2);
        }
        String previous = "0".repeat(64);
        long expected = 1;
        long after = 0;
        pages:
        for (List<AuditEntry> page = read(connection, null, after, 10_000); !page.isEmpty();
                page = read(connection, null, after, 10_000)) {
            for (AuditEntry entry : page) {
                if (entry.seq() > headSeq) break pages;
                if (entry.seq() != expected) {
                    problems.add("entries " + expected + " to " + (entry.seq() - 1) + " are missing");
                }
                if (!entry.previousHash().equals(previous)) {
                    problems.add("entry " + entry.seq() + " does not follow the entry before it");
                }
                String hash = AuditEntry.hashOf(entry.seq(), entry.at(), entry.actor(), entry.action(),
                        entry.profileId(), entry.planBefore(), entry.planAfter(), entry.reason(), entry.detail(),
                        entry.previousHash());
                if (!hash.equals(entry.hash())) {
                    problems.add("entry " + entry.seq() + " was changed after it was written");
                }
                previous = entry.hash();
                expected = entry.seq() + 1;
                after = entry.seq();
            }
        }
        if (headSeq != expected - 1 || !headHash.equals(previous)) {
            problems.add("the trail ends at entry " + (expected - 1) + " but its head says " + headSeq);
        }
        return problems;
    }
}
