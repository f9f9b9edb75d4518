package org.backcare.cli;

import java.nio.file.Path;
import org.backcare.review.WorkspaceDatabase;
import org.backcare.review.WorkspaceException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the review workspace is: {@code --data DIR} (an embedded database in DIR, made on first use) or {@code --db
 * URL} (PostgreSQL, its user and password in {@code BACKCARE_DB_USER} and {@code BACKCARE_DB_PASSWORD}).
 */
final class WorkspaceOption {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--data", paramLabel = "DIR", required = true,
                description = "The workspace in DIR: an embedded database, made on first use.")
        Path data;

        @Option(names = "--db", paramLabel = "URL", required = true,
                description = "The workspace on PostgreSQL: jdbc:postgresql://HOST[:PORT]/DATABASE; the user and"
                    + " password in BACKCARE_DB_USER and BACKCARE_DB_PASSWORD.")
        String url;
    }

    WorkspaceDatabase open() throws WorkspaceException {
        return open(where);
    }

    static WorkspaceDatabase open(Where where) throws WorkspaceException {
        return where.data != null ? WorkspaceDatabase.embedded(where.data)
                : WorkspaceDatabase.server(where.url, System.getenv());
    }
}
