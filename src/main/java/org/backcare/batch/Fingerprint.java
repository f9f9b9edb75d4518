package org.backcare.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** 64-bit fingerprints (the first bytes of a SHA-256 digest) of profile content and ids. Thread-safe. */
final class Fingerprint {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private Fingerprint() {
    }

    /** The fingerprint of a profile's bytes under a rule set: a changed profile or rule set gives another. */
    static long ofInput(String rulesVersion, byte[] content) {
        MessageDigest digest = SHA256.get();
        digest.update(rulesVersion.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        return ByteBuffer.wrap(digest.digest(content)).getLong();
    }

    static long ofId(String id) {
        return ByteBuffer.wrap(SHA256.get().digest(id.getBytes(StandardCharsets.UTF_8))).getLong();
    }
}
