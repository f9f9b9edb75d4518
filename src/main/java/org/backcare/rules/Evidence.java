package org.backcare.rules;

/**
 * One source behind the advice, as listed in {@code evidence.yaml}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the id that advice and plans use
 * @param citation the full citation
 * @param url where to read it, or {@code null}
 */
public record Evidence(String id, String citation, String url) {
}
