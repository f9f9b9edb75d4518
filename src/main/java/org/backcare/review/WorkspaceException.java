package org.backcare.review;

/** The workspace cannot do what was asked: its database cannot be opened or written, or the input is wrong. */
public class WorkspaceException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
