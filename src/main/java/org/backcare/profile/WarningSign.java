package org.backcare.profile;

/**
 * A sign behind a red-flag finding: a {@link RedFlag} the person reports, or a {@link RiskFactor} the rules read from
 * the rest of the profile (older age). Plans name each by its kebab-case name in {@code triage.findings[].flags}.
 * Only enums implement it: immutable and thread-safe.
 */
public sealed interface WarningSign permits RedFlag, RiskFactor {
    /** The sign as profiles and plans write it: {@code history-of-cancer}, {@code older-age}. */
    default String wire() {
        return WireName.of((Enum<?>) this);
    }
}
