package org.backcare.review.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.fileupload2.core.MultipartInput;

/** A {@code multipart/form-data} body (a form with a file), by Commons FileUpload's parser. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=\"?([^\";]{1,70})\"?");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("(?i)\\bfilename=\"");

    private Multipart() {
    }

    /**
     * Adds the body's text fields to {@code form} and its files to {@code files}, by name; false when the body is not
     * a well-formed multipart body of {@code contentType}'s boundary.
     */
    static boolean parse(byte[] body, String contentType, Map<String, List<String>> form, Map<String, byte[]> files) {
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) return false;
        try {
            MultipartInput input = MultipartInput.builder().setInputStream(new ByteArrayInputStream(body))
                    .setBoundary(boundary.group(1).getBytes(StandardCharsets.ISO_8859_1)).get();
            for (boolean more = input.skipPreamble(); more; more = input.readBoundary()) {
                String headers = input.readHeaders();
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                input.readBodyData(data);
                Matcher name = NAME.matcher(headers);
                if (!name.find()) continue;
                if (FILE_NAME.matcher(headers).find()) files.put(name.group(1), data.toByteArray());
                else form.computeIfAbsent(name.group(1), n -> new ArrayList<>()).add(data.toString(StandardCharsets.UTF_8));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
