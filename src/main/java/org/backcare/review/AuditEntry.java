package org.backcare.review;

import java.time.Instant;

/**
 * One entry of the workspace's audit trail: what was done ({@code action}), by whom, when, to whose profile, with the
 * plan versions before and after, the reason given and what else it concerned ({@code detail}), chained to the entry
 * before it by {@code previousHash}.
 *
 * @param seq its place in the trail, from 1, without gaps
 * @param profileId the person's profile, or {@code null} for an entry about no one (a sign-in, an account)
 * @param planBefore the plan version before, or {@code null}
 * @param planAfter the plan version after, or {@code null}
 * @param reason the reason the person acting gave, or {@code null} when none was asked
 * @param detail what else it concerned, in words, or {@code null}
 * @param hash SHA-256 of this entry and the previous entry's hash
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String profileId, Integer planBefore,
        Integer planAfter, String reason, String detail, String previousHash, String hash) {

    /** The hash an entry with these fields must have: what {@link AuditLog#verify} checks every entry against. */
    static String hashOf(long seq, Instant at, String actor, String action, String profileId, Integer planBefore,
            Integer planAfter, String reason, String detail, String previousHash) {
        // each field on its own line, absent ones as an empty line; a line break inside a field is escaped, so that
        // no two entries can share a text
        StringBuilder text = new StringBuilder(256).append(previousHash).append('\n').append(seq).append('\n')
                .append(at).append('\n');
        for (Object field : new Object[] {actor, action, profileId, planBefore, planAfter, reason, detail}) {
            text.append(field == null ? "" : "=" + field.toString().replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
        }
        return StoredPlans.sha256(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
