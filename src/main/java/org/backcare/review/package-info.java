/**
 * The review workspace: where clinicians sign plans off or override them, with every decision kept in a database
 * (H2 in a file by default, PostgreSQL for a team) and an append-only, hash-chained audit trail. {@link
 * org.backcare.review.Workspace} holds the operations, {@link org.backcare.review.Worklist} the order people are
 * reviewed in, {@link org.backcare.review.ProfileImport} {@code review import}, {@link org.backcare.review.Accounts}
 * who may sign in. Internal: used by the commands and the server, never by the planning core.
 */
package org.backcare.review;
