package org.backcare.review;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.backcare.profile.WireName;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The workspace's accounts: names, roles and BCrypt hashes of passwords (cost 12; the password itself is never kept).
 * Adding an account and every sign-in, accepted or refused, are recorded in the audit trail. Thread-safe.
 */
public final class Accounts {
    /** What a name may be: what an audit entry names, with no room for look-alikes of other names. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD = 72; // BCrypt reads no further
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(12);
    /** Compared against when the name is unknown, so that a wrong name takes as long as a wrong password. */
    private static final String NO_ONE = BCRYPT.encode("no account has this password");

    private final WorkspaceDatabase database;
    private final Clock clock;

    public Accounts(WorkspaceDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Whether {@code name} is one an account may have. */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /** Adds an account, or says why it cannot be added (a name taken or not allowed, a password too short). */
    public Account add(String name, Account.Role role, char[] password, String addedBy) throws WorkspaceException {
        if (!NAME.matcher(name).matches()) {
            throw new WorkspaceException("account name " + name + ": expected 2-64 characters of a-z 0-9 . _ -,"
                    + " starting with a letter");
        }
        if (password.length < MIN_PASSWORD || utf8Length(password) > MAX_PASSWORD) {
            throw new WorkspaceException("the password has " + password.length + " characters; expected "
                    + MIN_PASSWORD + " to " + MAX_PASSWORD + " (" + MAX_PASSWORD + " bytes in UTF-8: BCrypt reads no"
                    + " more)");
        }
        String hash = BCRYPT.encode(CharBuffer.wrap(password));
        try (Connection connection = database.connection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM accounts WHERE name = ?")) {
                exists.setString(1, name);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) throw new WorkspaceException("account " + name + " exists already");
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, WireName.of(role));
                insert.setString(3, hash);
                insert.setObject(4, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                insert.executeUpdate();
            }
            AuditLog.append(connection, clock.instant(), List.of(new AuditLog.Event(addedBy, "account-added", null,
                    null, null, null, name + " as " + WireName.of(role))));
            connection.commit();
            return new Account(name, role);
        } catch (SQLException e) {
            throw new WorkspaceException("cannot add account " + name + " to " + database.where() + ": "
                    + e.getMessage(), e);
        }
    }

    private static int utf8Length(char[] password) {
        return StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)).remaining();
    }

    /** The account whose name and password these are; empty otherwise. Either way, the attempt is recorded. */
    public Optional<Account> signIn(String name, char[] password, String from) throws WorkspaceException {
        try (Connection connection = database.connection()) {
            String hash = null;
            Account.Role role = null;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT password_hash, role FROM accounts WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        hash = row.getString(1);
                        role = WireName.parse(Account.Role.class, row.getString(2)).orElseThrow();
                    }
                }
            }
            boolean matches = utf8Length(password) <= MAX_PASSWORD
                    && BCRYPT.matches(CharBuffer.wrap(password), hash == null ? NO_ONE : hash) && hash != null;
            String who = NAME.matcher(name).matches() ? name : "(an unknown name)";
            AuditLog.append(connection, clock.instant(), List.of(new AuditLog.Event(who,
                    matches ? "sign-in" : "sign-in-refused", null, null, null, null, "from " + from)));
            connection.commit();
            return matches ? Optional.of(new Account(name, role)) : Optional.empty();
        } catch (SQLException e) {
            throw new WorkspaceException("cannot check the account in " + database.where() + ": " + e.getMessage(), e);
        }
    }
}
