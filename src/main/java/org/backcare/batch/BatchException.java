package org.backcare.batch;

/** A batch that cannot start or cannot record its results: nothing, or not everything, could be written. */
public final class BatchException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean nothingDone;

    public BatchException(String message, Throwable cause, boolean nothingDone) {
        super(message, cause);
        this.nothingDone = nothingDone;
    }

    /** Whether the batch stopped before planning anything (for example, an output directory it cannot write). */
    public boolean nothingDone() {
        return nothingDone;
    }
}
