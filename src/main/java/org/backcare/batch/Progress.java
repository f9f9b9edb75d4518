package org.backcare.batch;

/** Hears how a batch advances, to show it. */
public interface Progress extends AutoCloseable {
    /** Shows nothing. */
    Progress NONE = new Progress() {
    };

    /** One more profile is done (planned or failed). */
    default void step() {
    }

    @Override
    default void close() {
    }
}
