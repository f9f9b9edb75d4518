package org.backcare.review;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The audit trail as a file to hand over (to a clinical safety officer, an auditor): CSV with a header row, or a JSON
 * array, every entry with every field, oldest first, read a page at a time so that a long trail takes no more memory
 * than a short one.
 */
public final class AuditExport {
    private static final int PAGE = 5_000;
    private static final String[] COLUMNS = {"seq", "at", "actor", "action", "profileId", "planBefore", "planAfter",
        "reason", "detail", "previousHash", "hash"};

    private AuditExport() {
    }

    public enum Format {
        CSV, JSON
    }

    /**
     * Writes the entries about {@code profileId} (all when null) to {@code out}, flushed and left open; how many were
     * written.
     */
    public static long write(Workspace workspace, String profileId, Format format, Writer out)
            throws IOException, WorkspaceException {
        return format == Format.CSV ? csv(workspace, profileId, out) : json(workspace, profileId, out);
    }

    private static long csv(Workspace workspace, String profileId, Writer out) throws IOException,
            WorkspaceException {
        long written = 0;
        // a cell that starts with = + - @ is quoted with a leading apostrophe, so that a spreadsheet never runs it
        // not closed: that would close the caller's writer
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS).get());
        long after = 0;
        for (List<AuditEntry> page = workspace.audit(profileId, after, PAGE); !page.isEmpty();
                page = workspace.audit(profileId, after, PAGE)) {
            for (AuditEntry e : page) {
                csv.printRecord(e.seq(), e.at(), cell(e.actor()), e.action(), cell(e.profileId()), e.planBefore(),
                        e.planAfter(), cell(e.reason()), cell(e.detail()), e.previousHash(), e.hash());
                after = e.seq();
                written++;
            }
        }
        csv.flush();
        return written;
    }

    /** A text cell as a spreadsheet will not take for a formula (OWASP's advice on CSV injection). */
    static String cell(String text) {
        if (text == null || text.isEmpty()) return text;
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }

    private static long json(Workspace workspace, String profileId, Writer out) throws IOException,
            WorkspaceException {
        long written = 0;
        try (JsonGenerator json = new JsonFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            long after = 0;
            for (List<AuditEntry> page = workspace.audit(profileId, after, PAGE); !page.isEmpty();
                    page = workspace.audit(profileId, after, PAGE)) {
                for (AuditEntry e : page) {
                    json.writeStartObject();
                    json.writeNumberField("seq", e.seq());
                    json.writeStringField("at", e.at().toString());
                    json.writeStringField("actor", e.actor());
                    json.writeStringField("action", e.action());
                    if (e.profileId() != null) json.writeStringField("profileId", e.profileId());
                    if (e.planBefore() != null) json.writeNumberField("planBefore", e.planBefore());
                    if (e.planAfter() != null) json.writeNumberField("planAfter", e.planAfter());
                    if (e.reason() != null) json.writeStringField("reason", e.reason());
                    if (e.detail() != null) json.writeStringField("detail", e.detail());
                    json.writeStringField("previousHash", e.previousHash());
                    json.writeStringField("hash", e.hash());
                    json.writeEndObject();
                    after = e.seq();
                    written++;
                }
            }
            json.writeEndArray();
        }
        return written;
    }
}
