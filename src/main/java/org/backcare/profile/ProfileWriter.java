package org.backcare.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * Writes profiles as one line of JSON in the profile format (enum values in kebab case, absent values left out), so
 * that {@link ProfileReader} reads them back equal. Thread-safe.
 */
public final class ProfileWriter {
    private final ObjectWriter writer = JsonMapper.builder()
            .addModule(WireName.jacksonModule())
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.USE_DEFAULTS))
            .build()
            .writer();

    /** A writer of profiles; one may be shared by any number of threads. */
    public ProfileWriter() {
    }

    /** The profile as JSON on one line. */
    public String toJsonLine(Profile profile) {
        try {
            return writer.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a profile could not be written as JSON", e);
        }
    }
}
