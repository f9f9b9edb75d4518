package org.backcare.profile;

/**
 * STarT Back item 9: how bothersome the back pain has been in the last two weeks.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum Bothersomeness {
    NOT_AT_ALL, SLIGHTLY, MODERATELY, VERY_MUCH, EXTREMELY;

    /** Whether this answer scores a point on the STarT Back tool ({@code very-much} or {@code extremely}). */
    public boolean scores() {
        return this == VERY_MUCH || this == EXTREMELY;
    }
}
